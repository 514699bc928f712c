#!/usr/bin/env bash
# Prepares an Ubuntu 24.04 VM as a PortTrack Swarm node, as root, and can be run again at any
# time: a second run changes nothing (it ends with "vm-setup: done, 0 changes").
#   sudo stack/scripts/vm-setup.sh --deploy-key deploy.pub [--swarm-peers 10.0.0.12,10.0.0.13]
#        [--advertise-addr ADDR] [--ssh-allow-users "deploy ubuntu"] [--external-if eth0]
#        [--offsite-target user@host:/backups/porttrack] [--skip docker,swarm,timesync,services]
# The deploy user gets /opt/porttrack/releases, where the deploy workflow copies each release.
# Steps: packages; Docker Engine (Ubuntu's docker.io) with log rotation, and `swarm init`; the
# deploy user with its SSH key; SSH hardening (keys only, no root); UFW allowing 22/80/443 and
# the Swarm ports 2377/7946/4789 only from the other nodes; DOCKER-USER rules so that ports
# Docker publishes obey the same policy; fail2ban for SSH; unattended security upgrades; time
# sync (chrony); weekly image pruning, an hourly disk headroom check, and optional off-site
# copies of the backup sets the stack's backup service writes to /var/backups/porttrack.
# --skip names steps to leave out where they cannot run: a container has no systemd to enable
# units with, no Docker to install inside and its clock is the host's (the VM-setup test uses
# it and says so). Every skipped step is printed.
set -euo pipefail

deploy_user=deploy deploy_key='' peers='' advertise='' allow_users='' ext_if='' offsite='' skip=''
min_free_gb=${VM_SETUP_MIN_FREE_GB:-10}
while [ $# -gt 0 ]; do
  case "$1" in
    --deploy-user) deploy_user=$2; shift 2 ;;
    --deploy-key) deploy_key=$2; shift 2 ;;
    --swarm-peers) peers=$2; shift 2 ;;
    --advertise-addr) advertise=$2; shift 2 ;;
    --ssh-allow-users) allow_users=$2; shift 2 ;;
    --external-if) ext_if=$2; shift 2 ;;
    --offsite-target) offsite=$2; shift 2 ;;
    --skip) skip=",$2,"; shift 2 ;;
    *) echo "vm-setup: unknown argument $1 (see the usage at the top of this script)" >&2; exit 2 ;;
  esac
done

changes=0
say() { echo "vm-setup: $*"; }
changed() {
  changes=$((changes + 1))
  say "changed: $*"
}
skipped() { [[ "$skip" == *",$1,"* ]] && say "SKIPPED ($1, by --skip): $2"; }
die() {
  echo "vm-setup: $*" >&2
  exit 1
}

# put_file PATH MODE < content: writes only when the content or mode differs.
put_file() {
  local path=$1 mode=$2 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path" && [ "$(stat -c %a "$path")" = "$mode" ]; then
    rm -f "$tmp"
    return 1
  fi
  install -D -m "$mode" "$tmp" "$path"
  rm -f "$tmp"
  changed "wrote $path"
}

# --- preflight ----------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "run as root (sudo)"
# shellcheck source=/dev/null
. /etc/os-release
case "$ID:${VERSION_ID:-}" in
  ubuntu:24.04) ;;
  debian:12) say "Debian 12: the test's stand-in for Ubuntu 24.04 (runbooks/PATCHING.md lists the differences)" ;;
  *) die "made for Ubuntu 24.04 (found $PRETTY_NAME)" ;;
esac
[ -n "$deploy_key" ] || die "give the deploy user's public key: --deploy-key FILE"
grep -qE '^(ssh-ed25519|ssh-rsa|ecdsa-sha2-[a-z0-9-]+|sk-ssh-ed25519@openssh.com) ' "$deploy_key" ||
  die "$deploy_key is not an SSH public key"
[ -n "$ext_if" ] || ext_if=$(ip -o route show default 2>/dev/null | awk '{print $5; exit}')
[ -n "$ext_if" ] || die "no default route: give --external-if"
[ -n "$allow_users" ] || allow_users="$deploy_user ${SUDO_USER:-}"
IFS=', ' read -r -a peer_list <<<"$peers"
for peer in "${peer_list[@]}"; do
  [[ "$peer" =~ ^[0-9a-fA-F:.]+(/[0-9]+)?$ ]] || die "--swarm-peers: '$peer' is not an address"
done

# --- disk headroom: Docker images, volumes and backups all land under /var ---------------------
free_gb=$(df -BG --output=avail /var | tail -1 | tr -dc 0-9)
[ "$free_gb" -ge "$min_free_gb" ] || die "/var has ${free_gb} GB free; at least ${min_free_gb} GB needed (VM_SETUP_MIN_FREE_GB)"
say "disk: ${free_gb} GB free under /var"

# --- packages -----------------------------------------------------------------------------
packages=(ufw iptables fail2ban python3-systemd openssh-server unattended-upgrades chrony rsync curl ca-certificates jq)
[[ "$skip" == *",docker,"* ]] || packages+=(docker.io)
[[ "$skip" == *",timesync,"* ]] && packages=("${packages[@]/chrony/}")
missing=()
for p in "${packages[@]}"; do
  [ -z "$p" ] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  changed "installed ${missing[*]}"
fi

# --- Docker: log rotation, no-new-privileges, then swarm init -------------------------------
# no-new-privileges for every container: `docker stack deploy` ignores a service's security_opt,
# so the daemon is where the stack gets it (stack/docker-stack.yml, x-hardened).
put_file /etc/docker/daemon.json 644 <<'JSON' && docker_config_changed=1 || docker_config_changed=''
{
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m", "max-file": "5" },
  "live-restore": false,
  "no-new-privileges": true
}
JSON
if ! skipped docker "installing Docker Engine and restarting it with /etc/docker/daemon.json"; then
  if [ -n "$docker_config_changed" ] && ! skipped services "restarting docker"; then systemctl restart docker; fi
  if ! skipped swarm "docker swarm init"; then
    if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
      docker swarm init ${advertise:+--advertise-addr "$advertise"} >/dev/null
      changed "initialised the Swarm (join tokens: docker swarm join-token worker|manager)"
    fi
  fi
fi
[[ "$skip" != *",docker,"* ]] || skipped swarm "docker swarm init (no Docker Engine)" || true

# --- the deploy user ------------------------------------------------------------------------
getent group docker >/dev/null || { groupadd --system docker && changed "created group docker"; }
if ! id "$deploy_user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --groups docker "$deploy_user"
  changed "created user $deploy_user (in group docker: it can run the stack)"
fi
id -nG "$deploy_user" | grep -qw docker || { usermod -aG docker "$deploy_user" && changed "added $deploy_user to docker"; }
if [ "$(getent shadow "$deploy_user" | cut -d: -f2)" != '!' ]; then
  usermod -p '!' "$deploy_user"
  changed "locked $deploy_user's password (SSH key only)"
fi
home=$(getent passwd "$deploy_user" | cut -d: -f6)
put_file "$home/.ssh/authorized_keys" 600 <"$deploy_key" || true
[ "$(stat -c %U "$home/.ssh")" = "$deploy_user" ] || { chown -R "$deploy_user:" "$home/.ssh" && changed "owner of $home/.ssh"; }
[ "$(stat -c %a "$home/.ssh")" = 700 ] || { chmod 700 "$home/.ssh" && changed "mode of $home/.ssh"; }
chown "$deploy_user:" "$home/.ssh/authorized_keys"
install -d -m 700 /var/backups/porttrack
# Where the deploy workflow copies each release's stack/ folder.
for dir in /opt/porttrack /opt/porttrack/releases; do
  [ "$(stat -c %U:%a "$dir" 2>/dev/null)" = "$deploy_user:755" ] && continue
  install -d -m 755 -o "$deploy_user" -g "$deploy_user" "$dir"
  changed "made $dir for $deploy_user"
done

# --- SSH: keys only, no root, named users ------------------------------------------------------
# A drop-in read before the main file's own settings (the first value of a keyword wins).
put_file /etc/ssh/sshd_config.d/10-porttrack.conf 644 <<EOF2 || true
# Written by stack/scripts/vm-setup.sh.
PermitRootLogin no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthenticationMethods publickey
AllowUsers ${allow_users% }
MaxAuthTries 3
LoginGraceTime 30
X11Forwarding no
AllowAgentForwarding no
AllowTcpForwarding no
ClientAliveInterval 300
ClientAliveCountMax 2
EOF2
install -d -m 755 /run/sshd # privilege separation directory; systemd makes it on a booted VM
sshd -t || die "sshd rejects its configuration; nothing reloaded"
# Ubuntu 24.04 starts sshd per connection through ssh.socket: new settings apply to the next
# connection. A reload covers a classic always-running ssh.service too.
skipped services "reloading ssh" || systemctl reload ssh.service 2>/dev/null || true

# --- UFW ----------------------------------------------------------------------------------------
ufw_before=$(ufw status verbose 2>/dev/null; ufw show added 2>/dev/null)
# `ufw default` rewrites and reloads everything even when nothing changes: only when needed.
grep -qx 'DEFAULT_INPUT_POLICY="DROP"' /etc/default/ufw || ufw default deny incoming >/dev/null
grep -qx 'DEFAULT_OUTPUT_POLICY="ACCEPT"' /etc/default/ufw || ufw default allow outgoing >/dev/null
ufw limit 22/tcp comment 'ssh (rate-limited)' >/dev/null
ufw allow 80/tcp comment 'http (nginx; redirects to https)' >/dev/null
ufw allow 443/tcp comment 'https (nginx)' >/dev/null
for peer in "${peer_list[@]}"; do
  ufw allow proto tcp from "$peer" to any port 2377 comment 'swarm management' >/dev/null
  ufw allow proto tcp from "$peer" to any port 7946 comment 'swarm gossip' >/dev/null
  ufw allow proto udp from "$peer" to any port 7946 comment 'swarm gossip' >/dev/null
  ufw allow proto udp from "$peer" to any port 4789 comment 'swarm overlay (vxlan)' >/dev/null
done

# Docker publishes ports with its own NAT rules, which forwarded packets pass through before
# UFW's INPUT rules ever see them: a published port is open to the world whatever UFW says.
# Docker sends forwarded traffic through DOCKER-USER first and never touches that chain, so the
# policy goes there: from the external interface, only new connections to 80 and 443 (the
# original destination port, before Docker's NAT) reach a container. Loaded by UFW with its
# other rules, so `ufw reload` and reboots keep it.
block=$(
  cat <<EOF2
# BEGIN porttrack DOCKER-USER (stack/scripts/vm-setup.sh)
*filter
:DOCKER-USER - [0:0]
-A DOCKER-USER -i $ext_if -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
-A DOCKER-USER -i $ext_if -p tcp -m conntrack --ctorigdstport 80 --ctdir ORIGINAL -j RETURN
-A DOCKER-USER -i $ext_if -p tcp -m conntrack --ctorigdstport 443 --ctdir ORIGINAL -j RETURN
-A DOCKER-USER -i $ext_if -j DROP
-A DOCKER-USER -j RETURN
COMMIT
# END porttrack DOCKER-USER
EOF2
)
after=/etc/ufw/after.rules
rules=$(
  sed '/^# BEGIN porttrack DOCKER-USER/,/^# END porttrack DOCKER-USER/d' "$after"
  echo "$block"
)
put_file "$after" 640 <<<"$rules" && after_changed=1 || after_changed=''
if [ "$(ufw status | head -1)" != "Status: active" ]; then
  ufw --force enable >/dev/null
elif [ -n "$after_changed" ]; then
  ufw reload >/dev/null
fi
[ "$(ufw status verbose; ufw show added)" = "$ufw_before" ] || changed "UFW rules"

# --- fail2ban -------------------------------------------------------------------------------------
# The journal is the source (Ubuntu 24.04 and Debian 12 may keep no auth.log); bans go through UFW.
put_file /etc/fail2ban/jail.d/porttrack.local 644 <<'EOF2' || true
# Written by stack/scripts/vm-setup.sh.
[DEFAULT]
backend = systemd
banaction = ufw
bantime = 1h
findtime = 10m
maxretry = 5

[sshd]
enabled = true
mode = aggressive
EOF2
fail2ban-client -t >/dev/null || die "fail2ban rejects its configuration"

# --- unattended security upgrades ---------------------------------------------------------------
put_file /etc/apt/apt.conf.d/20auto-upgrades 644 <<'EOF2' || true
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
APT::Periodic::AutocleanInterval "7";
EOF2
# Docker and its runtime restart every container when upgraded: they wait for a planned window
# (runbooks/PATCHING.md), as do reboots.
put_file /etc/apt/apt.conf.d/52porttrack-unattended 644 <<'EOF2' || true
Unattended-Upgrade::Package-Blacklist { "docker.io"; "containerd"; "runc"; };
Unattended-Upgrade::Automatic-Reboot "false";
Unattended-Upgrade::Remove-Unused-Dependencies "true";
EOF2

# --- maintenance: image pruning, disk headroom, off-site copies ----------------------------------
put_file /usr/local/sbin/porttrack-disk-check 755 <<'EOF2' || true
#!/usr/bin/env bash
# Warns (syslog/journal, exit 1) when a filesystem PortTrack fills has less than
# PORTTRACK_MIN_FREE_PERCENT (15) free. Run hourly by porttrack-disk-check.timer.
set -uo pipefail
min=${PORTTRACK_MIN_FREE_PERCENT:-15}
status=0
for dir in / /var/lib/docker /var/backups/porttrack; do
  [ -d "$dir" ] || continue
  used=$(df --output=pcent "$dir" | tail -1 | tr -dc 0-9)
  if [ $((100 - used)) -lt "$min" ]; then
    logger -t porttrack-disk-check -p user.warning "$dir has $((100 - used))% free (minimum $min%)"
    echo "$dir has $((100 - used))% free (minimum $min%)" >&2
    status=1
  fi
done
exit $status
EOF2
put_file /etc/systemd/system/porttrack-disk-check.service 644 <<'EOF2' || true
[Unit]
Description=PortTrack disk headroom check
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/porttrack-disk-check
EOF2
put_file /etc/systemd/system/porttrack-disk-check.timer 644 <<'EOF2' || true
[Unit]
Description=Hourly PortTrack disk headroom check
[Timer]
OnCalendar=hourly
Persistent=true
[Install]
WantedBy=timers.target
EOF2
put_file /etc/systemd/system/porttrack-docker-prune.service 644 <<'EOF2' || true
[Unit]
Description=Remove Docker images and build cache unused for a week
Requires=docker.service
After=docker.service
[Service]
Type=oneshot
ExecStart=/usr/bin/docker image prune --all --force --filter until=168h
ExecStart=/usr/bin/docker builder prune --force --filter until=168h
EOF2
put_file /etc/systemd/system/porttrack-docker-prune.timer 644 <<'EOF2' || true
[Unit]
Description=Weekly Docker image pruning
[Timer]
OnCalendar=Sun 03:30
Persistent=true
[Install]
WantedBy=timers.target
EOF2
timers=(porttrack-disk-check.timer porttrack-docker-prune.timer)
if [ -n "$offsite" ]; then
  put_file /etc/systemd/system/porttrack-backup-offsite.service 644 <<EOF2 || true
[Unit]
Description=Copy PortTrack backup sets off-site
[Service]
Type=oneshot
User=$deploy_user
# Adds new sets only: never --delete (a wiped or ransomed backup folder must not erase the
# off-site copy) and never overwrites a set already there (--ignore-existing). Not the
# pgBackRest repository: its off-site copy is pgBackRest's own repo2. Off-site retention is the
# off-site host's. (stack/scripts/backup-deletions.test.ts runs this line.)
ExecStart=/usr/bin/rsync -a --ignore-existing --exclude=/pgbackrest/ --exclude=/.* /var/backups/porttrack/ $offsite
EOF2
  put_file /etc/systemd/system/porttrack-backup-offsite.timer 644 <<'EOF2' || true
[Unit]
Description=Daily off-site copy of PortTrack backups (after the 02:30 backup)
[Timer]
OnCalendar=04:00
Persistent=true
[Install]
WantedBy=timers.target
EOF2
  timers+=(porttrack-backup-offsite.timer)
  chown "$deploy_user:" /var/backups/porttrack
fi
/usr/local/sbin/porttrack-disk-check || say "disk headroom below the minimum: see above"

if ! skipped services "systemctl enable --now ${timers[*]} fail2ban chrony"; then
  systemctl daemon-reload
  for unit in "${timers[@]}" fail2ban.service; do
    systemctl is-enabled --quiet "$unit" && systemctl is-active --quiet "$unit" && continue
    systemctl enable --now "$unit" >/dev/null 2>&1
    changed "enabled $unit"
  done
fi
if ! skipped timesync "chrony time sync"; then
  if ! skipped services "enabling chrony"; then
    systemctl is-active --quiet chrony || { systemctl enable --now chrony >/dev/null 2>&1 && changed "enabled chrony"; }
  fi
fi

say "done, $changes changes"
