#!/bin/sh
# Put MentorDesk in your applications menu, for you alone (no administrator rights needed).
# Run it from the MentorDesk folder, wherever that folder is kept:
#     ./linux/install-desktop-entry.sh
# Run it again after moving the folder. To remove the entry, delete the files it names.
set -eu

folder=$(cd "$(dirname "$0")/.." && pwd)
here="$folder/linux"
executable="$folder/mentordesk"
icons="$folder/_internal/resources/icons"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
id=org.mentordesk.MentorDesk

if [ ! -x "$executable" ]; then
    echo "install-desktop-entry: $executable is missing; run this script from the MentorDesk folder." >&2
    exit 1
fi

mkdir -p "$data/applications" "$data/metainfo"
# The desktop entry names the executable by its full path, quoted for spaces.
sed "s|^Exec=.*|Exec=\"$executable\"|" "$here/$id.desktop" >"$data/applications/$id.desktop"
cp "$here/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    target="$data/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$target"
    cp "$icons/mentordesk-$size.png" "$target/$id.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/mentordesk.svg" "$data/icons/hicolor/scalable/apps/$id.svg"

# Refresh the menu and icon caches where the tools exist; a new login does it otherwise.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true

echo "MentorDesk is in your applications menu: $data/applications/$id.desktop"
