# Build the one-folder application on Windows and try the built program, as tools/build.sh
# does on Linux: --version, opening the demo and exporting it (offscreen), the command line,
# a PDF read by the built program (when LibreOffice is installed), the folder's size; then zip it.
#
# Usage, in PowerShell in the project folder (Python 3.11 from python.org, with the "py" launcher):
#     powershell -ExecutionPolicy Bypass -File tools\build.ps1
# Output: dist\govreport-gui\ and dist\govreport-gui-<version>-windows.zip
#
# Written to mirror tools/build.sh; not yet run on a Windows machine (see README).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    Write-Host ">> $Exe $($Arguments -join ' ')"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

if (-not (Test-Path .venv\Scripts\python.exe)) { Invoke-Checked py @("-3.11", "-m", "venv", ".venv") }
$py = ".venv\Scripts\python.exe"
Invoke-Checked $py @("-m", "pip", "install", "-q", "--disable-pip-version-check", "-e", ".", "pyinstaller>=6.10,<7")
Invoke-Checked ".venv\Scripts\pyside6-lrelease.exe" @("resources\i18n\govreport_en.ts", "-qm", "resources\i18n\govreport_en.qm")
foreach ($d in @("build\pyinstaller", "dist\govreport-gui")) {
    if (Test-Path $d) { Remove-Item -Recurse -Force $d }
}
Invoke-Checked ".venv\Scripts\pyinstaller.exe" @("--noconfirm", "--clean", "--log-level", "WARN",
    "--workpath", "build\pyinstaller", "--distpath", "dist", "build.spec")

$app = "dist\govreport-gui"
$demo = "$app\_internal\resources\demo\demo.govreport"
$out = Join-Path $env:TEMP ("govreport-build-" + [guid]::NewGuid().ToString("N"))
New-Item -ItemType Directory -Path $out | Out-Null

Invoke-Checked "$app\govreport.exe" @("--version")

# govreport-gui.exe is a windowed program: PowerShell does not wait for it and shows none of its
# output, so it is started with -Wait and judged by its exit code and the files it writes.
Write-Host ">> open the demo and export it, offscreen"
$env:QT_QPA_PLATFORM = "offscreen"
$env:GOVREPORT_DATA_DIR = "$out\data"
$gui = Start-Process -FilePath "$app\govreport-gui.exe" -ArgumentList @("--smoke-test", "`"$out\export`"") -Wait -PassThru
Remove-Item Env:QT_QPA_PLATFORM, Env:GOVREPORT_DATA_DIR
if ($gui.ExitCode -ne 0) { throw "govreport-gui.exe --smoke-test exited with $($gui.ExitCode)" }
foreach ($f in @("smoke.docx", "smoke.xlsx")) {
    if (-not (Test-Path "$out\export\$f") -or (Get-Item "$out\export\$f").Length -eq 0) { throw "the smoke test wrote no $f" }
}
$smoke = Get-Content -Encoding UTF8 "$out\export\smoke.txt"
$queding = [string][char]0x786E + [char]0x5B9A    # the Chinese for "OK", as code points: Windows PowerShell reads a .ps1 as ANSI
if ($smoke -notmatch $queding) { throw "Qt's own dialogs are not in Chinese: qtbase_zh_CN.qm is missing from the build ($smoke)" }

Write-Host ">> command line"
Invoke-Checked "$app\govreport.exe" @("check", $demo)
Invoke-Checked "$app\govreport.exe" @("export", $demo, "-o", "$out\cli.docx")
Invoke-Checked "$app\govreport.exe" @("import", "$out\cli.docx", "-o", "$out\back.govreport")

$soffice = Get-Command soffice.exe -ErrorAction SilentlyContinue
if (-not $soffice -and (Test-Path "$env:ProgramFiles\LibreOffice\program\soffice.exe")) {
    $soffice = Get-Item "$env:ProgramFiles\LibreOffice\program\soffice.exe"
}
if ($soffice) {
    Write-Host ">> a PDF, read by the built program in a child of itself"
    $loProfile = "file:///" + ("$out\lo" -replace "\\", "/")
    Start-Process -FilePath $soffice.Source -Wait -ArgumentList @("-env:UserInstallation=$loProfile", "--headless",
        "--convert-to", "pdf", "--outdir", "`"$out`"", "`"$out\cli.docx`"") | Out-Null
    Invoke-Checked "$app\govreport.exe" @("import", "$out\cli.pdf", "-o", "$out\pdf.govreport")
}

$mb = [math]::Ceiling((Get-ChildItem $app -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB)
Write-Host ">> folder size: $mb MB (target <= 200 MB)"
if ($mb -gt 200) { throw "the folder is $mb MB, over 200 MB" }

$version = (& $py -c "import govreport_gui; print(govreport_gui.__version__)").Trim()
$zip = "dist\govreport-gui-$version-windows.zip"
if (Test-Path $zip) { Remove-Item -Force $zip }
Compress-Archive -Path $app -DestinationPath $zip
Write-Host "BUILD OK: $app and $zip"
