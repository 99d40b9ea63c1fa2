/* SPDX-License-Identifier: MIT */
/* The floor for reading every record cold: libyaml's event parser over the
 * same files isms reads (isms.yaml and every *.yaml directly in each kind's
 * folder), each file read whole and parsed to its last event, nothing built.
 *
 *   yaml-floor DIR        prints "FILES files, EVENTS events"; exit 1 when
 *                         a file cannot be read or parsed
 *   yaml-floor --stat DIR the floor for knowing that nothing changed: each
 *                         file's stat data (lstat), nothing read
 *
 * Built by `make bench` or by bench/run.sh; not part of the normal build.
 * The folder list is the kind table's (src/model/kind.c). */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const char *const folders[] = {
	"issues", "parties", "scope", "policies", "roles", "assets", "risks",
	"actions", "controls", "objectives", "measurements", "competences",
	"awareness", "communications", "documents", "procedures",
	"audit-programmes", "audits", "findings", "management-reviews",
	"improvements", "nonconformities", "directions", "board-reports", "people",
};

static int stat_only;

static unsigned char *buf;
static size_t cap;

/* Read `path` whole and parse it to the end; the events counted, -1 on error. */
static long parse_file(const char *path)
{
	FILE *f;
	size_t len = 0, n;
	yaml_parser_t parser;
	yaml_event_t event;
	long events = 0;
	int done = 0;
	struct stat st;

	if (stat_only)
		return lstat(path, &st) == 0 ? 0 : (perror(path), -1);
	if (!(f = fopen(path, "rb"))) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (!(buf = realloc(buf, cap))) {
				fclose(f);
				return -1;
			}
		}
		if ((n = fread(buf + len, 1, cap - len, f)) == 0)
			break;
		len += n;
	}
	fclose(f);
	if (!yaml_parser_initialize(&parser))
		return -1;
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s: %s\n", path, parser.problem ? parser.problem : "parse error");
			yaml_parser_delete(&parser);
			return -1;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		events++;
	}
	yaml_parser_delete(&parser);
	return events;
}

static int is_yaml(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".yaml") == 0;
}

int main(int argc, char **argv)
{
	char path[4096];
	long files = 0, events = 0, e;

	if (argc == 3 && strcmp(argv[1], "--stat") == 0) {
		stat_only = 1;
		argv++;
	} else if (argc != 2) {
		fprintf(stderr, "usage: yaml-floor [--stat] DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/isms.yaml", argv[1]);
	if ((e = parse_file(path)) < 0)
		return 1;
	files++, events += e;
	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		struct dirent *ent;
		DIR *d;

		snprintf(path, sizeof(path), "%s/%s", argv[1], folders[i]);
		if (!(d = opendir(path)))
			continue;
		while ((ent = readdir(d))) {
			if (!is_yaml(ent->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", argv[1], folders[i], ent->d_name);
			if ((e = parse_file(path)) < 0) {
				closedir(d);
				return 1;
			}
			files++, events += e;
		}
		closedir(d);
	}
	free(buf);
	printf("%ld files, %ld events\n", files, events);
	return 0;
}
