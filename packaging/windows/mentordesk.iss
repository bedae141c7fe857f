; Inno Setup script: a per-user installer for Windows (no administrator rights needed).
;
; On Windows, after `python packaging\build.py` has made dist\mentordesk\:
;     python packaging\build.py --installer
; or by hand, with Inno Setup 6 installed:
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\mentordesk.iss
; The installer is written to dist\MentorDesk-<version>-setup.exe.
;
; MentorDesk goes to %LOCALAPPDATA%\Programs\MentorDesk; the coordinator's programme file
; stays in %LOCALAPPDATA%\MentorDesk, which uninstalling leaves untouched.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z mentordesk.iss (build.py --installer does)
#endif
#define AppName "MentorDesk"
#define Dist "..\..\dist\mentordesk"

[Setup]
AppId={{E1649907-C5B0-4A3C-B486-15DC9BDB5C30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The MentorDesk developers
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\..\dist
OutputBaseFilename=MentorDesk-{#AppVersion}-setup
SetupIconFile=mentordesk.ico
UninstallDisplayIcon={app}\mentordeskw.exe
UninstallDisplayName={#AppName}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole folder, except what a portable copy may hold: an installed MentorDesk keeps its
; data in the user's folder, not beside the program.
Source: "{#Dist}\*"; DestDir: "{app}"; Excludes: "portable.txt,\MentorDesk data\*"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that this one no longer ships.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\mentordeskw.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\mentordeskw.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\mentordeskw.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
