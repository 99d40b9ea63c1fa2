#!/bin/bash
# SPDX-License-Identifier: MIT
# Real Git servers on the loopback interface for the sync tests, each in a
# folder of its own:
#
#   tests/servers.sh KIND start DIR ROOT   start KIND serving the bare
#                                          repositories under ROOT
#   tests/servers.sh KIND stop DIR         stop it (and its ssh-agent)
#
# KIND is ssh (OpenSSH's sshd, a host key and a client key made here, the
# client key loaded into an ssh-agent started here), http (git http-backend
# behind lighttpd, with basic authentication: user alice, password
# "wonderland") or daemon (git daemon, git://, read only). Starting again in
# the same DIR reuses its port and keys (a server killed on purpose comes
# back where it was). On start, DIR/url holds the address prefix (append
# the repository's path under ROOT) and DIR/env the KEY=VALUE settings a
# client needs (SSH_AUTH_SOCK, GIT_SSH_COMMAND). Exits 77 when a program is
# missing (the test is then skipped), 1 when the server does not start (its
# log is printed).
set -u

kind=$1 action=$2 dir=$3 root=${4:-}

missing() { echo "servers.sh: $1 is not installed" >&2; exit 77; }

# A free TCP port on 127.0.0.1, kept for the folder. Below the range the
# kernel takes local ports of outgoing connections from: a port nothing
# listens on may still be one of those, and the server could not bind it.
port() {
	local below=32768
	if [ ! -s "$dir/port" ]; then
		read -r below _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || below=32768
		[ "$below" -gt 10100 ] 2>/dev/null || below=32768
		for p in $(shuf -i "10000-$((below - 1))" -n 50); do
			if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
				echo "$p" >"$dir/port"
				break
			fi
		done
	fi
	cat "$dir/port"
}

# Wait until the server answers on its port (it is up), at most 10 s.
wait_up() {
	for _ in $(seq 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	echo "servers.sh: $kind did not start on port $1" >&2
	cat "$dir"/*.log >&2 2>/dev/null
	exit 1
}

stop_pid() {
	local pid
	if [ -s "$1" ]; then
		pid=$(cat "$1")
		kill "$pid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		rm -f "$1"
	fi
}

start_ssh() {
	local p user
	[ -x /usr/sbin/sshd ] || missing "OpenSSH's server (/usr/sbin/sshd)"
	command -v ssh >/dev/null || missing ssh
	command -v ssh-agent >/dev/null || missing ssh-agent
	p=$(port) user=$(id -un)
	[ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -C host -f "$dir/host_key"
	[ -f "$dir/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C alice -f "$dir/client_key"
	cp "$dir/client_key.pub" "$dir/authorized_keys"
	echo "[127.0.0.1]:$p $(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"
	cat >"$dir/sshd_config" <<-EOF
	Port $p
	ListenAddress 127.0.0.1
	HostKey $dir/host_key
	PidFile $dir/sshd.pid
	AuthorizedKeysFile $dir/authorized_keys
	AllowUsers $user
	PermitRootLogin prohibit-password
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	StrictModes no
	EOF
	# As root, sshd wants its privilege separation folder (not made by
	# the package until the service first starts).
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p -m 0755 /run/sshd
	fi
	/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" || { cat "$dir/sshd.log" >&2; exit 1; }
	wait_up "$p"
	if [ ! -S "$dir/agent.sock" ]; then
		ssh-agent -a "$dir/agent.sock" >"$dir/agent.out"
		sed -n 's/^SSH_AGENT_PID=\([0-9]*\).*/\1/p' "$dir/agent.out" >"$dir/agent.pid"
	fi
	SSH_AUTH_SOCK="$dir/agent.sock" ssh-add -q "$dir/client_key" 2>/dev/null
	echo "ssh://$user@127.0.0.1:$p" >"$dir/url"
	cat >"$dir/env" <<-EOF
	SSH_AUTH_SOCK=$dir/agent.sock
	GIT_SSH_COMMAND=ssh -F /dev/null -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentityFile=none
	EOF
}

start_http() {
	local p backend
	[ -x /usr/sbin/lighttpd ] || missing lighttpd
	backend="$(git --exec-path)/git-http-backend"
	[ -x "$backend" ] || missing "git http-backend"
	p=$(port)
	echo "alice:wonderland" >"$dir/users"
	cat >"$dir/lighttpd.conf" <<-EOF
	server.modules = ("mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi")
	server.document-root = "$dir"
	server.bind = "127.0.0.1"
	server.port = $p
	server.pid-file = "$dir/lighttpd.pid"
	server.errorlog = "$dir/lighttpd.log"
	alias.url = ("/git" => "$backend")
	\$HTTP["url"] =~ "^/git" {
		cgi.assign = ("" => "")
		setenv.add-environment = ("GIT_PROJECT_ROOT" => "$root", "GIT_HTTP_EXPORT_ALL" => "1")
		auth.backend = "plain"
		auth.backend.plain.userfile = "$dir/users"
		auth.require = ("" => ("method" => "basic", "realm" => "isms", "require" => "valid-user"))
	}
	EOF
	/usr/sbin/lighttpd -f "$dir/lighttpd.conf" 2>"$dir/start.log" || { cat "$dir/start.log" >&2; exit 1; }
	wait_up "$p"
	echo "http://127.0.0.1:$p/git" >"$dir/url"
	: >"$dir/env"
}

start_daemon() {
	local p
	git daemon -h 2>&1 | grep -q usage || missing "git daemon"
	p=$(port)
	git daemon --reuseaddr --listen=127.0.0.1 --port="$p" --base-path="$root" \
		--export-all --pid-file="$dir/daemon.pid" --detach \
		--log-destination=stderr "$root" 2>"$dir/daemon.log"
	wait_up "$p"
	echo "git://127.0.0.1:$p" >"$dir/url"
	: >"$dir/env"
}

mkdir -p "$dir"
case "$kind:$action" in
ssh:start) start_ssh ;;
http:start) start_http ;;
daemon:start) start_daemon ;;
ssh:stop)
	stop_pid "$dir/sshd.pid"
	stop_pid "$dir/agent.pid"
	rm -f "$dir/agent.sock" ;;
http:stop) stop_pid "$dir/lighttpd.pid" ;;
daemon:stop) stop_pid "$dir/daemon.pid" ;;
*) echo "usage: servers.sh ssh|http|daemon start DIR ROOT | stop DIR" >&2; exit 2 ;;
esac
