/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "mkm-test-util.h"

GSettingsBackend *
mkm_test_memory_backend (void)
{
  return g_memory_settings_backend_new ();
}

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  GString *captured = user_data;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (captured, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, NULL);
}

/* Keeps every GLib log message of the process, to search it for secrets. */
GString *
mkm_test_capture_logs (void)
{
  static GString *captured;

  if (captured == NULL)
    {
      captured = g_string_new (NULL);
      g_log_set_writer_func (capture_log, captured, NULL);
    }
  return captured;
}

/*
 * A keyfile backend whose defaults folder holds a "locks" file, the way a
 * system administrator locks keys for the keyfile backend.
 */
GSettingsBackend *
mkm_test_locked_backend (const char         *tmpdir,
                         const char * const *locked_keys)
{
  g_autofree char *keyfile = g_build_filename (tmpdir, "keyfile", NULL);
  g_autofree char *defaults = g_build_filename (tmpdir, "defaults", NULL);
  g_autofree char *locks = g_build_filename (defaults, "locks", NULL);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GType type;

  g_assert_no_errno (g_mkdir_with_parents (defaults, 0700));
  for (guint i = 0; locked_keys[i] != NULL; i++)
    g_string_append_printf (contents, "/vn/osd/MkmateMail/%s\n", locked_keys[i]);
  g_file_set_contents (locks, contents->str, -1, &error);
  g_assert_no_error (error);

  /* The keyfile backend's type is private; creating one registers it. */
  g_object_unref (g_keyfile_settings_backend_new (keyfile, "/", NULL));
  type = g_type_from_name ("GKeyfileSettingsBackend");
  g_assert_true (type != 0);

  return g_object_new (type,
                       "filename", keyfile,
                       "root-path", "/",
                       "defaults-dir", defaults,
                       NULL);
}

struct _MkmSmtpFixture
{
  GSubprocess *process;
  char        *dir;
  char        *ports;
  char        *ca;
};

static char *
source_path (const char *name)
{
  const char *source = g_getenv ("MKM_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "tests", name, NULL);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

MkmSmtpFixture *
mkm_smtp_fixture_start (void)
{
  MkmSmtpFixture *fixture = g_new0 (MkmSmtpFixture, 1);
  g_autofree char *script = source_path ("smtp-fixture.py");
  g_autofree char *ports_file = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  fixture->dir = g_dir_make_tmp ("mkm-smtp-XXXXXX", &error);
  g_assert_no_error (error);
  ports_file = g_build_filename (fixture->dir, "ports.json", NULL);
  fixture->ca = g_build_filename (fixture->dir, "ca.pem", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* The servers go when the test goes, even if it crashes. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fixture->process = g_subprocess_launcher_spawn (launcher, &error,
                                                  "/usr/bin/python3", script, "--dir", fixture->dir, NULL);
  g_assert_no_error (error);

  while (!g_file_get_contents (ports_file, &fixture->ports, NULL, NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_nonnull (g_subprocess_get_identifier (fixture->process));
      g_usleep (20000);
    }
  return fixture;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

void
mkm_smtp_fixture_stop (MkmSmtpFixture *fixture)
{
  if (fixture == NULL)
    return;
  g_subprocess_send_signal (fixture->process, SIGTERM);
  g_subprocess_wait (fixture->process, NULL, NULL);
  g_object_unref (fixture->process);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->ports);
  g_free (fixture->ca);
  g_free (fixture);
}

int
mkm_smtp_fixture_port (MkmSmtpFixture *fixture,
                       const char     *listener)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\":\\s*(\\d+)", listener);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;

  g_assert_true (g_regex_match (regex, fixture->ports, 0, &match));
  number = g_match_info_fetch (match, 1);
  return atoi (number);
}

const char *
mkm_smtp_fixture_dir (MkmSmtpFixture *fixture)
{
  return fixture->dir;
}

const char *
mkm_smtp_fixture_ca (MkmSmtpFixture *fixture)
{
  return fixture->ca;
}

char **
mkm_smtp_fixture_log_lines (MkmSmtpFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "log.jsonl", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_new0 (char *, 1);
  return g_strsplit (contents, "\n", -1);
}

/* The newest message a listener saved, or NULL. */
char *
mkm_smtp_fixture_last_mail (MkmSmtpFixture *fixture,
                            const char     *listener)
{
  g_autofree char *mail_dir = g_build_filename (fixture->dir, "mail", NULL);
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf ("%s-", listener);
  char *best = NULL;
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && (best == NULL || strcmp (name, strrchr (best, '/') + 1) > 0))
      {
        g_free (best);
        best = g_build_filename (mail_dir, name, NULL);
      }
  return best;
}

/* A loopback port nobody listens on. */
int
mkm_test_closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Parses a received message with Python's email package; a GKeyFile text. */
char *
mkm_test_parse_mail (const char *path)
{
  g_autofree char *script = source_path ("parse-mail.py");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "/usr/bin/python3", script, path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}
