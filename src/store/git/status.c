/* SPDX-License-Identifier: MIT */
/* The working tree's status as git status shows it: the files that differ
 * from the last commit, staged or not, and the untracked ones. Reading it
 * stats every file, as the record cache's own check does; a command that
 * needs both starts the status in a thread of its own, with a libgit2
 * handle of its own on the same repository, so that the two run side by
 * side on two cores. */
#include "config.h"

#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "isms/alloc.h"
#include "isms/error.h"
#include "isms/repo.h"
#include "git.h"

static char status_code(unsigned s)
{
	if (s & (GIT_STATUS_WT_NEW))
		return '?';
	if (s & (GIT_STATUS_INDEX_NEW))
		return 'A';
	if (s & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED))
		return 'D';
	if (s & (GIT_STATUS_INDEX_RENAMED | GIT_STATUS_WT_RENAMED))
		return 'R';
	return 'M';
}

static int status_of(struct isms_status *out, git_repository *git)
{
	git_status_options opts = { 0 };
	git_status_list *list;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION)) < 0)
		return repo_git_fail(error, "status");
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	if ((error = git_status_list_new(&list, git, &opts)) < 0)
		return repo_git_fail(error, "status");
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;

		if (e->status == GIT_STATUS_CURRENT || e->status & GIT_STATUS_IGNORED || !d)
			continue;
		out->items = isms_grow(out->items, &out->cap, out->count + 1, sizeof(*out->items));
		out->items[out->count].path = isms_strdup(d->new_file.path ? d->new_file.path
									   : d->old_file.path);
		out->items[out->count++].code = status_code(e->status);
	}
	git_status_list_free(list);
	return 0;
}

int isms_repo_status(struct isms_status *out, struct isms_repo *repo)
{
	return status_of(out, repo->git);
}

void isms_status_free(struct isms_status *status)
{
	if (!status)
		return;
	for (size_t i = 0; i < status->count; i++)
		free(status->items[i].path);
	free(status->items);
	memset(status, 0, sizeof(*status));
}

static atomic_int running;
static pthread_mutex_t running_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t running_done = PTHREAD_COND_INITIALIZER;

int repo_status_jobs(void)
{
	return atomic_load(&running);
}

void repo_status_jobs_wait(void)
{
	pthread_mutex_lock(&running_lock);
	while (atomic_load(&running) > 0)
		pthread_cond_wait(&running_done, &running_lock);
	pthread_mutex_unlock(&running_lock);
}

static void job_ended(void)
{
	pthread_mutex_lock(&running_lock);
	atomic_fetch_sub(&running, 1);
	pthread_cond_broadcast(&running_done);
	pthread_mutex_unlock(&running_lock);
}

struct isms_status_job {
	pthread_t thread;
	char *workdir;
	struct isms_status result;
	struct isms_error error;  /* the thread's, when it failed */
	int code;
};

static void *status_thread(void *arg)
{
	struct isms_status_job *job = arg;
	git_repository *git = NULL;
	int error = git_repository_open_ext(&git, job->workdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);

	job->code = error < 0 ? repo_git_fail(error, job->workdir) : status_of(&job->result, git);
	if (job->code < 0)
		job->error = *isms_error_last();  /* errors are per thread */
	git_repository_free(git);
	job_ended();
	return NULL;
}

struct isms_status_job *isms_repo_status_start(struct isms_repo *repo)
{
	struct isms_status_job *job = isms_calloc(1, sizeof(*job));

	job->workdir = isms_strdup(repo->workdir);
	atomic_fetch_add(&running, 1);
	if (pthread_create(&job->thread, NULL, status_thread, job) == 0)
		return job;
	job_ended();
	free(job->workdir);
	free(job);
	return NULL;
}

int isms_repo_status_finish(struct isms_status *out, struct isms_status_job *job,
			    struct isms_repo *repo)
{
	int code;

	if (!job)
		return isms_repo_status(out, repo);
	pthread_join(job->thread, NULL);
	code = job->code;
	*out = job->result;
	if (code < 0) {
		isms_status_free(out);
		isms_error_set_at(job->error.code, job->error.line, job->error.column, "%s",
				  job->error.message);
	}
	free(job->workdir);
	free(job);
	return code;
}
