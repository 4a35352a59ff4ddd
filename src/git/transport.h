/*
 * What a fetch or a push needs from the user's side of the connection
 * (transport.c): credentials (ssh-agent and ~/.ssh keys for ssh; the
 * user's git credential helpers, else a prompt on the terminal, for
 * http(s)), the server's identity (ssh host keys checked against
 * known_hosts, https certificates against the trusted authorities) and
 * progress on a terminal. Used by the repository layer only: it hands
 * libgit2 callbacks.
 */
#ifndef NOTEBOOK_TRANSPORT_H
#define NOTEBOOK_TRANSPORT_H

#include <git2.h>

struct transport;

/*
 * The state of one fetch or push to `url` (the remote's URL for that
 * direction). Never fails; transport_end() frees it.
 */
struct transport *transport_new(const char *url);

/*
 * Fills in the callbacks of a git_fetch_options or git_push_options, with
 * `t` as payload. A push_update_reference callback already set is still
 * called, with the payload set with it.
 */
void transport_callbacks(struct transport *t, git_remote_callbacks *cb);

/*
 * Ends the operation that returned `err` (libgit2's 0 / <0): finishes the
 * progress line, tells the credential helpers whether the credential they
 * gave worked (store or erase) and frees `t`. libgit2's last error is kept
 * for the caller to report.
 */
void transport_end(struct transport *t, int err);

#endif
