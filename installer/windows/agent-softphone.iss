; Inno Setup 6 script: the PyInstaller onedir build (agent-softphone.spec) as one setup .exe.
;
;   iscc /DAppVersion=0.1.0 installer\windows\agent-softphone.iss      (build.ps1 does this)
;
; Per-machine install to {autopf}\Agent Softphone, a Start-menu shortcut, an uninstaller.
; Speech models ride along outside the setup: every vosk-model-*.zip lying next to the
; setup .exe when it runs is copied to {app}\models, where the app installs it from on
; first start (Path(sys.executable).parent / "models").
; The agent's data and settings (%LOCALAPPDATA%\agent-softphone: history, recordings,
; models, settings) are never touched by setup or uninstall: nothing here names them.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z agent-softphone.iss (build.ps1 reads it from softphone.__version__)
#endif
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist\agent-softphone"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef SetupSuffix
  #define SetupSuffix ""
#endif
#define AppName "Agent Softphone"
#define AppExe "agent-softphone.exe"

[Setup]
AppId={{6B1F3E2A-4C7D-4E8B-9A51-2D3C8F0B7A64}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=agent-softphone-setup-{#AppVersion}{#SetupSuffix}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupIconFile={#AddBackslash(SourcePath)}..\..\resources\icons\agent-softphone.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Chinese (Simplified): Inno Setup ships it only in recent releases; older ones lack the file.
; A ChineseSimplified.isl put next to this script (e.g. from jrsoftware.org/files/istrans/) is used first.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "{#AddBackslash(SourcePath)}ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found: the setup speaks English only"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; a speech model handed out with the setup: vosk-model-*.zip next to the setup .exe (optional)
Source: "{src}\vosk-model-*.zip"; DestDir: "{app}\models"; Flags: external skipifsourcedoesntexist ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; the copied model zips (the app's installed models live in the user's data folder and stay)
Type: files; Name: "{app}\models\vosk-model-*.zip"
Type: dirifempty; Name: "{app}\models"
