/* SPDX-License-Identifier: MIT */
/* isms sync through real Git servers on the loopback interface, started in
 * temporary folders by tests/servers.sh and stopped at the end: OpenSSH's
 * sshd with a key in an ssh-agent started here, git http-backend behind
 * lighttpd with basic authentication and git's credential store, and git
 * daemon (git://, read only). The same scenarios run over SSH and HTTP:
 * clone, edits to different fields of one record (merged), to the same
 * field (a conflict, resolved), a push refused because Bob pushed meanwhile,
 * a push refused by a pre-receive hook, a refused login, and a server killed
 * in the middle of a push (nothing lost; the next sync completes). Skipped
 * when a server's program is missing. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "isms/alloc.h"
#include "sync_team.h"

/* One server: its kind, its folder (keys, configuration, pid file, log),
 * the folder of the repositories it serves, and the team using it. */
struct site {
	const char *kind;  /* "ssh", "http", "daemon" */
	char *dir, *root, *url;
	struct team t;
	bool started;
};

static struct site site;

static void server(const char *action)
{
	char *out = NULL;
	int rc = th_sh(&out, "/", "'%s/tests/servers.sh' %s %s '%s' '%s'", getenv("ISMS_SRCDIR"),
		       site.kind, action, site.dir, site.root);

	if (rc == 77)
		cr_skip_test("%s", out);
	cr_assert_eq(rc, 0, "servers.sh %s %s: %s", site.kind, action, out);
	free(out);
}

/* Stop the server whatever the test's outcome. */
static void teardown(void)
{
	if (site.started)
		server("stop");
	site.started = false;
}

TestSuite(sync_over_ssh, .init = sync_setup, .fini = teardown);
TestSuite(sync_over_http, .init = sync_setup, .fini = teardown);
TestSuite(sync_over_git_daemon, .init = sync_setup, .fini = teardown);

/* Its settings (DIR/env: KEY=VALUE lines) into our environment, for git. */
static void load_env(void)
{
	char *env = th_read(site.dir, "env");

	for (char *line = env, *next; line && *line; line = next) {
		char *eq;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if ((eq = strchr(line, '='))) {
			*eq = '\0';
			setenv(line, eq + 1, 1);
		}
	}
	free(env);
}

/* Start a `kind` server and a team whose shared repository it serves. */
static struct team *open_site(const char *kind)
{
	char *url, *hub;

	if (th_sh(NULL, "/", "git --version") != 0)
		cr_skip_test("git is not installed");
	site.kind = kind;
	site.dir = th_tmpdir();
	site.root = th_tmpdir();
	server("start");
	site.started = true;
	url = th_read(site.dir, "url");
	url[strcspn(url, "\n")] = '\0';
	load_env();
	/* git never prompts here: a refused login fails at once. */
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	if (strcmp(kind, "http") == 0) {
		char *store = isms_asprintf("store --file=%s/credentials", site.dir);
		char *port = th_read(site.dir, "port");
		char *line = isms_asprintf("http://alice:wonderland@127.0.0.1:%.*s\n",
					   (int)strcspn(port, "\n"), port);

		th_write(site.dir, "credentials", line);
		free(port);
		setenv("GIT_CONFIG_COUNT", "1", 1);
		setenv("GIT_CONFIG_KEY_0", "credential.helper", 1);
		setenv("GIT_CONFIG_VALUE_0", store, 1);
		free(store);
		free(line);
	}
	hub = isms_asprintf("%s/hub.git", site.root);
	site.url = strcmp(kind, "ssh") == 0 ? isms_asprintf("%s%s", url, hub)
					    : isms_asprintf("%s/hub.git", url);
	free(url);
	site.t = team_new_via(hub, site.url);
	free(hub);
	return &site.t;
}

/* The shared repository's hook `name`, a shell script. */
static void hub_hook(const struct team *t, const char *name, const char *body)
{
	char *path = isms_asprintf("hooks/%s", name);
	char *script = isms_asprintf("#!/bin/sh\n# SPDX-License-Identifier: MIT\n%s", body);

	th_write(t->hub, path, script);
	free(th_run(t->hub, "chmod +x '%s'", path));
	free(path);
	free(script);
}

/* Run isms in `dir`: exit status `want`; standard output and error. */
static void isms_run(int want, const char *dir, const char *args, char **out, char **err)
{
	int rc = th_isms(out, err, dir, "%s", args);

	cr_assert_eq(rc, want, "isms %s exited %d, not %d:\n%s%s", args, rc, want, *out, *err);
}

static void edits_to_different_fields_merge(const char *kind)
{
	struct team *t = open_site(kind);
	char *out;

	/* Both clones came through the server; Bob's edit goes through it. */
	set_title(t->b, "POL-001", "Security, by Bob");
	free(isms_expect(0, t->b, "sync"));
	set_field(t->a, "POL-001", "owner", "Alice");
	out = isms_expect(0, t->a, "sync");
	cr_assert(th_has(out, "merged field by field"), "%s", out);
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	pushed(t, t->a);
	free(isms_expect(0, t->b, "sync"));
	file_says(t->b, "policies/POL-001.yaml", "owner: Alice\n");
	file_says(t->b, "policies/POL-001.yaml", "title: Security, by Bob\n");
	clean(t->b);
	team_free(t);
}

static void the_same_field_is_a_conflict_resolved(const char *kind)
{
	struct team *t = open_site(kind);
	char *out;

	set_title(t->b, "POL-001", "Title by Bob");
	free(isms_expect(0, t->b, "sync"));
	set_title(t->a, "POL-001", "Title by Alice");
	out = isms_expect(1, t->a, "sync");
	cr_assert(th_has(out, "field title: here 'Title by Alice' by Alice"), "%s", out);
	free(out);
	free(isms_expect(0, t->a, "sync --theirs POL-001"));
	pushed(t, t->a);
	free(isms_expect(0, t->b, "sync"));
	file_says(t->b, "policies/POL-001.yaml", "title: Title by Bob\n");
	git_says(t->b, "git log -1 --format=%B", "Conflict-resolved: POL-001 took theirs");
	team_free(t);
}

static void a_push_refused_as_bob_pushed_meanwhile_is_tried_again(const char *kind)
{
	struct team *t = open_site(kind);
	char *body, *out;

	/* While Alice's push waits in the server's pre-receive hook, Bob
	 * changes the title and pushes (once): her update then fails there. */
	body = isms_asprintf(
		"[ -e '%s/meanwhile' ] && exit 0\n"
		": > '%s/meanwhile'\n"
		"unset GIT_DIR GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY "
		"GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PUSH_OPTION_COUNT\n"
		"cd '%s' && sed -i 's/^title: .*/title: Bob meanwhile/' policies/POL-001.yaml &&\n"
		"git -c user.name=Bob -c user.email=bob@example.org commit -qam 'Bob meanwhile' &&\n"
		"git push -q '%s' HEAD:refs/heads/%s >/dev/null 2>&1\n"
		"exit 0\n", site.dir, site.dir, t->b, t->hub, t->branch);
	hub_hook(t, "pre-receive", body);
	free(body);
	set_field(t->a, "POL-001", "owner", "Alice");
	out = isms_expect(0, t->a, "sync");
	cr_assert(th_has(out, "fetched and merged again"), "%s", out);
	free(out);
	file_says(t->a, "policies/POL-001.yaml", "title: Bob meanwhile\n");
	file_says(t->a, "policies/POL-001.yaml", "owner: Alice\n");
	pushed(t, t->a);
	clean(t->a);
	team_free(t);
}

static void a_push_refused_by_a_hook_shows_the_server_s_message(const char *kind)
{
	struct team *t = open_site(kind);
	char *out = NULL, *err = NULL, *before;

	hub_hook(t, "pre-receive", "echo 'main is protected: open a merge request' >&2\nexit 1\n");
	set_title(t->a, "POL-001", "Refused");
	before = git1(t->a, "rev-parse", "HEAD");
	isms_run(2, t->a, "sync", &out, &err);
	cr_assert(th_has(err, "remote: main is protected: open a merge request"), "%s", err);
	cr_assert(th_has(err, "origin refused the push (pre-receive hook declined)"), "%s", err);
	cr_assert(th_has(err, "your commits stay here"), "%s", err);
	free(out);
	free(err);
	unmoved(t->a, before);
	file_says(t->a, "policies/POL-001.yaml", "title: Refused\n");
	clean(t->a);
	team_free(t);
}

/* The login is refused: over HTTP a wrong password in the credential store,
 * over SSH a key the server does not know (the agent emptied) and then a
 * host key that is not the one known. */
static void a_refused_login_changes_nothing(const char *kind)
{
	struct team *t = open_site(kind);
	char *out = NULL, *err = NULL, *before;

	set_title(t->a, "POL-001", "Not yet shared");
	before = git1(t->a, "rev-parse", "HEAD");
	if (strcmp(kind, "http") == 0) {
		char *creds = th_read(site.dir, "credentials");
		char *wrong = isms_strdup(creds);

		memcpy(strstr(wrong, "wonderland"), "wunderland", 10);
		th_write(site.dir, "credentials", wrong);
		isms_run(2, t->a, "sync", &out, &err);
		cr_assert(th_has(err, "Authentication failed"), "%s", err);
		free(creds);
		free(wrong);
	} else {
		free(th_run(site.dir, "SSH_AUTH_SOCK='%s/agent.sock' ssh-add -D 2>&1", site.dir));
		isms_run(2, t->a, "sync", &out, &err);
		cr_assert(th_has(err, "Permission denied (publickey)"), "%s", err);
		free(out);
		free(err);
		free(th_run(site.dir, "SSH_AUTH_SOCK='%s/agent.sock' ssh-add -q client_key 2>&1",
			    site.dir));
		th_write(site.dir, "known_hosts", "");
		isms_run(2, t->a, "sync", &out, &err);
		cr_assert(th_has(err, "Host key verification failed"), "%s", err);
		/* No password or key is in what isms wrote. */
	}
	cr_assert(th_has(err, "isms: git could not fetch from origin"), "%s", err);
	cr_assert(th_has(err, "nothing was changed here"), "%s", err);
	free(out);
	free(err);
	unmoved(t->a, before);
	file_says(t->a, "policies/POL-001.yaml", "title: Not yet shared\n");
	clean(t->a);
	/* No secret in the repository's configuration, refs or logs. */
	cr_assert_neq(th_sh(NULL, t->a, "grep -r -l -e wonderland -e wunderland .git"), 0,
		      "the password is nowhere in the repository");
	team_free(t);
}

/* The server dies (killed, with the push's receive-pack) while the push
 * is in its pre-receive hook: nothing lost here; once it is back, the next
 * sync completes. */
static void a_server_killed_mid_push_loses_nothing(const char *kind, const char *pidfile)
{
	struct team *t = open_site(kind);
	char *out = NULL, *err = NULL, *body, *before, *hub_before;

	body = isms_asprintf(
		"if [ -e '%s/kill-once' ]; then\n"
		"  rm -f '%s/kill-once'\n"
		"  kill -9 \"$(cat '%s/%s')\" $PPID\n"
		"  exit 1\n"
		"fi\n", site.dir, site.dir, site.dir, pidfile);
	hub_hook(t, "pre-receive", body);
	free(body);
	th_write(site.dir, "kill-once", "");
	set_title(t->a, "POL-001", "Pushed when the server is back");
	before = git1(t->a, "rev-parse", "HEAD");
	hub_before = git1(t->hub, "rev-parse", t->branch);
	isms_run(2, t->a, "sync", &out, &err);
	cr_assert(th_has(err, "your commits stay here"), "%s", err);
	free(out);
	free(err);
	unmoved(t->a, before);
	out = git1(t->hub, "rev-parse", t->branch);
	cr_assert_str_eq(out, hub_before, "the shared branch did not move");
	free(out);
	free(hub_before);
	clean(t->a);
	/* The server comes back (same port, same keys); the next sync pushes. */
	server("start");
	out = isms_expect(0, t->a, "sync");
	cr_assert(th_has(out, "Pushed"), "%s", out);
	free(out);
	pushed(t, t->a);
	team_free(t);
}

#define SCENARIOS(suite, kind, pidfile)                                       \
	Test(suite, clone_and_edits_to_different_fields_merge)                 \
	{                                                                      \
		edits_to_different_fields_merge(kind);                          \
	}                                                                      \
	Test(suite, the_same_field_edited_twice_is_a_conflict_resolved)        \
	{                                                                      \
		the_same_field_is_a_conflict_resolved(kind);                    \
	}                                                                      \
	Test(suite, a_push_refused_as_someone_pushed_meanwhile_is_tried_again) \
	{                                                                      \
		a_push_refused_as_bob_pushed_meanwhile_is_tried_again(kind);    \
	}                                                                      \
	Test(suite, a_push_refused_by_a_pre_receive_hook_keeps_our_commits)    \
	{                                                                      \
		a_push_refused_by_a_hook_shows_the_server_s_message(kind);      \
	}                                                                      \
	Test(suite, a_refused_login_changes_nothing)                           \
	{                                                                      \
		a_refused_login_changes_nothing(kind);                          \
	}                                                                      \
	Test(suite, a_server_killed_mid_push_loses_nothing)                    \
	{                                                                      \
		a_server_killed_mid_push_loses_nothing(kind, pidfile);          \
	}

SCENARIOS(sync_over_ssh, "ssh", "sshd.pid")
SCENARIOS(sync_over_http, "http", "lighttpd.pid")

/* git://: fetching (clone, a fast-forward, a merge by field) works; a push
 * is refused by the daemon, and the merge stays here. */
Test(sync_over_git_daemon, fetching_works_and_a_push_is_refused_truly)
{
	struct team *t = open_site("daemon");
	char *out = NULL, *err = NULL, *before;

	/* Bob pushes to the same repository another way (pushurl). */
	free(th_run(t->b, "git config remote.origin.pushurl '%s'", t->hub));
	set_title(t->b, "POL-001", "Security, by Bob");
	free(isms_expect(0, t->b, "sync"));
	out = isms_expect(0, t->a, "sync");
	cr_assert(th_has(out, "Fast-forwarded"), "%s", out);
	free(out);
	file_says(t->a, "policies/POL-001.yaml", "title: Security, by Bob\n");
	set_field(t->b, "POL-001", "owner", "Bob");
	free(isms_expect(0, t->b, "sync"));
	set_field(t->a, "POL-001", "classification", "internal");
	isms_run(2, t->a, "sync", &out, &err);
	cr_assert(th_has(out, "merged field by field"), "%s", out);
	cr_assert(th_has(err, "isms: git could not push to origin"), "%s", err);
	cr_assert(th_has(err, "your commits stay here"), "%s", err);
	free(out);
	free(err);
	/* The merge is here: both edits, nothing lost. */
	file_says(t->a, "policies/POL-001.yaml", "owner: Bob\n");
	file_says(t->a, "policies/POL-001.yaml", "classification: internal\n");
	before = git1(t->a, "rev-list --count", "HEAD");
	cr_assert_str_neq(before, "");
	free(before);
	clean(t->a);
	team_free(t);
}

/* What the terminal in tmux `sock` shows (not inlined: GCC 12 then takes
 * the text th_sh gives for a pointer to a local). */
static __attribute__((noinline)) char *pane(const char *sock)
{
	char *out = NULL;

	th_sh(&out, "/", "tmux -S '%s' capture-pane -p", sock);
	return out;
}

static size_t count_of(const char *screen, const char *text)
{
	size_t n = 0, at = 0, len = strlen(screen);
	const char *hit;

	while (at < len && (hit = strstr(screen + at, text))) {
		n++;
		at = (size_t)(hit - screen) + 1;
	}
	return n;
}

/* Wait up to thirty seconds for the terminal to show `text` `times` times. */
static void wait_for(const char *sock, const char *text, size_t times)
{
	char *screen = NULL;

	for (int i = 0; i < 300; i++) {
		free(screen);
		screen = pane(sock);
		if (count_of(screen, text) >= times) {
			free(screen);
			return;
		}
		usleep(100 * 1000);
	}
	cr_assert_fail("the terminal never showed '%s':\n%s", text, screen);
}

static char *tmux_sock;

static void kill_tmux(void)
{
	if (tmux_sock)
		th_sh(NULL, "/", "tmux -S '%s' kill-server 2>/dev/null", tmux_sock);
}

/* With no credential helper, git asks for the user name and password on
 * the terminal isms runs in, directly (twice: fetching and pushing are two
 * runs of git; a credential helper asks once); the password is not echoed,
 * and is written nowhere in the repository. */
Test(sync_over_http, a_password_prompt_reaches_the_terminal_and_is_kept_nowhere)
{
	struct team *t;
	char *screen;

	if (th_sh(NULL, "/", "command -v tmux >/dev/null") != 0)
		cr_skip_test("tmux is not installed");
	t = open_site("http");
	unsetenv("GIT_CONFIG_COUNT");
	unsetenv("GIT_TERMINAL_PROMPT");
	set_title(t->a, "POL-001", "Typed in");
	tmux_sock = isms_asprintf("%s/tmux.sock", site.dir);
	atexit(kill_tmux);
	free(th_run(t->a, "tmux -S '%s' -f /dev/null new-session -d -x 120 -y 30 sh", tmux_sock));
	/* The exit status shown as SYNC-EXIT-N, which the command line does not hold. */
	free(th_run("/", "tmux -S '%s' send-keys \"cd '%s' && '%s' sync; "
		    "printf 'SYNC%%sEXIT-%%s\\\\n' - \\$?\" Enter", tmux_sock, t->a,
		    getenv("ISMS_BIN")));
	for (size_t round = 1; round <= 2; round++) {
		wait_for(tmux_sock, "Username for 'http://127.0.0.1:", round);
		free(th_run("/", "tmux -S '%s' send-keys alice Enter", tmux_sock));
		wait_for(tmux_sock, "Password for 'http://alice@127.0.0.1:", round);
		free(th_run("/", "tmux -S '%s' send-keys wonderland Enter", tmux_sock));
	}
	wait_for(tmux_sock, "SYNC-EXIT-", 1);
	screen = pane(tmux_sock);
	cr_assert(th_has(screen, "Pushed master") || th_has(screen, "Pushed "), "%s", screen);
	cr_assert(th_has(screen, "SYNC-EXIT-0"), "%s", screen);
	cr_assert(!th_has(screen, "wonderland"), "the password is not echoed:\n%s", screen);
	free(screen);
	kill_tmux();
	pushed(t, t->a);
	cr_assert_neq(th_sh(NULL, t->a, "grep -r -l wonderland .git"), 0,
		      "the password is nowhere in the repository");
	team_free(t);
}

/* An address with the password in it works, and the password is shown
 * nowhere and written nowhere. */
Test(sync_over_http, a_password_in_the_address_is_neither_shown_nor_kept)
{
	struct team *t = open_site("http");
	char *port = th_read(site.dir, "port"), *args, *out = NULL, *err = NULL;

	unsetenv("GIT_CONFIG_COUNT");
	set_title(t->a, "POL-001", "Through an address");
	port[strcspn(port, "\n")] = '\0';
	args = isms_asprintf("sync --json http://alice:wonderland@127.0.0.1:%s/git/hub.git", port);
	isms_run(0, t->a, args, &out, &err);
	cr_assert(th_has(out, "\"remote\":\"http://alice:***@127.0.0.1:"), "%s", out);
	cr_assert(th_has(out, "\"pushed\":true"), "%s", out);
	cr_assert(!th_has(out, "wonderland") && !th_has(err, "wonderland"), "%s%s", out, err);
	cr_assert_neq(th_sh(NULL, t->a, "grep -r -l wonderland .git"), 0,
		      "the password is nowhere in the repository");
	pushed(t, t->a);
	free(out);
	free(err);
	free(args);
	free(port);
	team_free(t);
}

/* The connection is lost in the middle of a fetch: the server's
 * upload-pack (remote.origin.uploadpack, run through ssh) stops a few bytes
 * into the pack. Nothing changes here; the next sync completes. */
Test(sync_over_ssh, a_connection_lost_mid_fetch_changes_nothing)
{
	struct team *t;
	char *out = NULL, *err = NULL, *before, *tracking, *script, *ref;

	if (th_sh(NULL, "/", "command -v perl >/dev/null") != 0)
		cr_skip_test("perl is not installed");
	t = open_site("ssh");
	set_title(t->b, "POL-001", "Security, by Bob");
	free(isms_expect(0, t->b, "sync"));
	script = isms_asprintf(
		"#!/bin/sh\n# SPDX-License-Identifier: MIT\n"
		"git-upload-pack \"$@\" | perl -e 'binmode STDIN; binmode STDOUT; $| = 1; $w = \"\";\n"
		"while (read(STDIN, $b, 1)) { print $b; $w = substr($w . $b, -4);\n"
		"  if ($w eq \"PACK\") { read(STDIN, $b, 40); print $b; exit 0 } }'\n");
	th_write(site.dir, "upload-pack.sh", script);
	free(script);
	free(th_run(site.dir, "chmod +x upload-pack.sh"));
	free(th_run(t->a, "git config remote.origin.uploadpack '%s/upload-pack.sh'", site.dir));
	set_field(t->a, "POL-001", "owner", "Alice");
	before = git1(t->a, "rev-parse", "HEAD");
	ref = isms_asprintf("refs/remotes/origin/%s", t->branch);
	tracking = git1(t->a, "rev-parse", ref);
	isms_run(2, t->a, "sync", &out, &err);
	cr_assert(th_has(err, "unexpected disconnect"), "the pack was cut short: %s", err);
	cr_assert(th_has(err, "isms: git could not fetch from origin"), "%s", err);
	cr_assert(th_has(err, "nothing was changed here"), "%s", err);
	free(out);
	free(err);
	unmoved(t->a, before);
	out = git1(t->a, "rev-parse", ref);
	cr_assert_str_eq(out, tracking, "the remote-tracking branch did not move");
	free(out);
	free(ref);
	free(tracking);
	clean(t->a);
	free(th_run(t->a, "git config --unset remote.origin.uploadpack"));
	out = isms_expect(0, t->a, "sync");
	cr_assert(th_has(out, "merged field by field"), "%s", out);
	free(out);
	pushed(t, t->a);
	team_free(t);
}
