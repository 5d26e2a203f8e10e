/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Run by tests/keyring-session.sh against a real gnome-keyring, unlocked or
 * locked, or with no Secret Service at all (MKM_KEYRING_MODE).
 */
#define _GNU_SOURCE
#include "config.h"

#include <locale.h>
#include <string.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "mkm-keyring.h"
#include "mkm-secret.h"
#include "mkm-test-util.h"

#define SECRET "Mật-khẩu-bí-mật-42"

static const char *mode;
static GString *captured_logs;   /* every GLib log message */

typedef struct
{
  GMainLoop *loop;
  char      *password;
  gboolean   ok;
  GError    *error;
} Wait;

static void
wait_clear (Wait *w)
{
  g_clear_pointer (&w->loop, g_main_loop_unref);
  mkm_password_free (w->password);
  g_clear_error (&w->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Wait, wait_clear)

static void
on_lookup (GObject *o, GAsyncResult *r, gpointer data)
{
  Wait *w = data;

  w->password = mkm_secret_lookup_finish (r, &w->error);
  g_main_loop_quit (w->loop);
}

static void
on_store (GObject *o, GAsyncResult *r, gpointer data)
{
  Wait *w = data;

  w->ok = mkm_secret_store_finish (r, &w->error);
  g_main_loop_quit (w->loop);
}

static void
on_clear (GObject *o, GAsyncResult *r, gpointer data)
{
  Wait *w = data;

  w->ok = mkm_secret_clear_finish (r, &w->error);
  g_main_loop_quit (w->loop);
}

static void
lookup (Wait *w, const char *host, const char *user)
{
  w->loop = g_main_loop_new (NULL, FALSE);
  mkm_secret_lookup_async (host, user, NULL, on_lookup, w);
  g_main_loop_run (w->loop);
}

static void
store (Wait *w, const char *host, const char *user, const char *password)
{
  w->loop = g_main_loop_new (NULL, FALSE);
  mkm_secret_store_async (host, user, password, NULL, on_store, w);
  g_main_loop_run (w->loop);
}

static void
clear (Wait *w, const char *host, const char *user)
{
  w->loop = g_main_loop_new (NULL, FALSE);
  mkm_secret_clear_async (host, user, NULL, on_clear, w);
  g_main_loop_run (w->loop);
}

/* What `secret-tool search` sees from outside: labels and attributes. */
static char *
search_items (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                              "secret-tool", "search", "--all", "xdg:schema",
                              "vn.osd.MkmateMail.SmtpPassword", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return out;
}

static void
test_round_trip (void)
{
  g_auto(Wait) stored = { 0 };
  g_auto(Wait) found = { 0 };
  g_auto(Wait) cleared = { 0 };
  g_auto(Wait) gone = { 0 };
  g_autofree char *items = NULL;
  g_autofree char *after = NULL;

  store (&stored, "smtp.example.com", "mailer@example.com", SECRET);
  g_assert_no_error (stored.error);
  g_assert_true (stored.ok);

  lookup (&found, "smtp.example.com", "mailer@example.com");
  g_assert_no_error (found.error);
  g_assert_cmpstr (found.password, ==, SECRET);

  items = search_items ();
  g_assert_nonnull (strstr (items, "label = Mkmate Mail SMTP password for mailer@example.com on smtp.example.com"));
  g_assert_nonnull (strstr (items, "attribute.host = smtp.example.com"));
  g_assert_nonnull (strstr (items, "attribute.username = mailer@example.com"));
  g_assert_nonnull (strstr (items, "secret = " SECRET));

  clear (&cleared, "smtp.example.com", "mailer@example.com");
  g_assert_no_error (cleared.error);
  lookup (&gone, "smtp.example.com", "mailer@example.com");
  g_assert_no_error (gone.error);
  g_assert_null (gone.password);
  after = search_items ();
  g_assert_null (strstr (after, "smtp.example.com"));
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits until the keyring object has settled in a final state. */
static void
wait_keyring (MkmKeyring *keyring)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_timeout, &timed_out);

  while (!timed_out &&
         (mkm_keyring_get_state (keyring) == MKM_KEYRING_STATE_LOADING ||
          mkm_keyring_get_state (keyring) == MKM_KEYRING_STATE_SAVING))
    g_main_context_iteration (NULL, TRUE);
  /* and let a following clear finish */
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
  g_assert_false (timed_out);
  g_source_remove (id);
}

typedef struct
{
  char             *dir;
  GSettingsBackend *backend;
  MkmSettings      *model;
  MkmKeyring       *keyring;
} Form;

static void
form_open (Form *f)
{
  g_autofree char *keyfile = NULL;

  /* Under the session's temporary HOME, removed with it. */
  if (f->dir == NULL)
    {
      f->dir = g_build_filename (g_get_home_dir (), "form-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (f->dir));
    }
  keyfile = g_build_filename (f->dir, "settings.ini", NULL);
  f->backend = g_keyfile_settings_backend_new (keyfile, "/", NULL);
  f->model = mkm_settings_new (f->backend);
  f->keyring = mkm_keyring_new (f->model);
  mkm_keyring_load (f->keyring);
  wait_keyring (f->keyring);
}

static void
form_close (Form *f)
{
  g_clear_object (&f->keyring);
  g_clear_object (&f->model);
  g_clear_object (&f->backend);
}

static void
form_done (Form *f)
{
  form_close (f);
  g_clear_pointer (&f->dir, g_free);
}

static void
form_save (Form *f)
{
  g_assert_true (mkm_settings_get_can_save (f->model));
  g_assert_true (mkm_keyring_save_settings (f->keyring));
  wait_keyring (f->keyring);
}

static void
fill (Form *f, const char *host, const char *user, const char *password)
{
  g_object_set (f->model,
                "mode", MKM_MODE_SMTP,
                "admin-email", "quantri@example.vn",
                "from-address", "no-reply@example.vn",
                "smtp-host", host,
                "smtp-username", user,
                "password", password,
                NULL);
}

static void
test_rekey_on_save (void)
{
  Form f = { 0 };
  g_autofree char *items = NULL;

  form_open (&f);
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_IDLE);
  fill (&f, "old.example.com", "old-user", SECRET);
  form_save (&f);
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_STORED);
  g_assert_cmpstr (mkm_keyring_get_message (f.keyring), ==, "The password is stored in the keyring.");

  /* A new server: the item moves with it. */
  g_object_set (f.model, "smtp-host", "new.example.com", NULL);
  form_save (&f);
  g_clear_pointer (&items, g_free);
  items = search_items ();
  g_assert_nonnull (strstr (items, "attribute.host = new.example.com"));
  g_assert_null (strstr (items, "old.example.com"));

  /* A new username too. */
  g_object_set (f.model, "smtp-username", "new-user", NULL);
  form_save (&f);
  g_clear_pointer (&items, g_free);
  items = search_items ();
  g_assert_nonnull (strstr (items, "attribute.username = new-user"));
  g_assert_null (strstr (items, "old-user"));

  /* Reopening reads it back. */
  form_close (&f);
  form_open (&f);
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_STORED);
  g_assert_cmpstr (mkm_settings_get_password (f.model), ==, SECRET);
  g_assert_false (mkm_settings_get_has_unapplied (f.model));

  /* Revert brings back the loaded password. */
  mkm_settings_set_password (f.model, "typed over");
  mkm_settings_revert (f.model);
  g_assert_cmpstr (mkm_settings_get_password (f.model), ==, SECRET);

  /* No username: no item may stay. */
  g_object_set (f.model, "smtp-username", "", NULL);
  form_save (&f);
  g_clear_pointer (&items, g_free);
  items = search_items ();
  g_assert_null (strstr (items, "new-user"));
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_IDLE);

  form_done (&f);
}

/* Saving before the password was read must not take it for "removed". */
static void
test_save_while_loading (void)
{
  Form f = { 0 };
  g_autofree char *keyfile = NULL;
  g_autofree char *items = NULL;

  form_open (&f);
  fill (&f, "loading.example.com", "loader", SECRET);
  form_save (&f);
  form_close (&f);

  /* Reopen and save at once, while the lookup is still on its way. */
  keyfile = g_build_filename (f.dir, "settings.ini", NULL);
  f.backend = g_keyfile_settings_backend_new (keyfile, "/", NULL);
  f.model = mkm_settings_new (f.backend);
  f.keyring = mkm_keyring_new (f.model);
  mkm_keyring_load (f.keyring);
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_LOADING);
  g_object_set (f.model, "from-name", "Changed while loading", NULL);
  g_assert_false (mkm_settings_get_password_changed (f.model));
  g_assert_true (mkm_keyring_save_settings (f.keyring));
  wait_keyring (f.keyring);

  items = search_items ();
  g_assert_nonnull (strstr (items, "attribute.host = loading.example.com"));
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_STORED);
  g_assert_cmpstr (mkm_settings_get_password (f.model), ==, SECRET);
  form_done (&f);
}

static void
test_default_mode_leaves_item (void)
{
  Form f = { 0 };
  g_autofree char *items = NULL;

  form_open (&f);
  fill (&f, "keep.example.com", "keeper", SECRET);
  form_save (&f);
  mkm_settings_set_mode (f.model, MKM_MODE_DEFAULT);
  g_object_set (f.model, "smtp-username", "", NULL);
  form_save (&f);
  items = search_items ();
  g_assert_nonnull (strstr (items, "attribute.host = keep.example.com"));
  form_done (&f);
}

/* Greps a folder tree for a string, as files hold it. */
static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (child, needle))
            return TRUE;
        }
      else if (g_file_get_contents (child, &contents, &length, NULL) &&
               memmem (contents, length, needle, strlen (needle)) != NULL)
        {
          g_test_message ("found in %s", child);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_no_trace (void)
{
  Form f = { 0 };
  g_autofree char *settings_text = NULL;

  form_open (&f);
  fill (&f, "trace.example.com", "tracer", SECRET);
  form_save (&f);
  form_close (&f);

  /* Not in the settings, not anywhere under HOME or the session's folders,
   * not in any log line. (The keyring file holds it encrypted.) */
  g_assert_false (tree_contains (f.dir, SECRET));
  g_assert_false (tree_contains (g_get_home_dir (), SECRET));
  g_assert_false (tree_contains (g_get_user_runtime_dir (), SECRET));
  g_assert_null (strstr (captured_logs->str, SECRET));
  form_done (&f);
}

/* Locked keyring or no Secret Service: clear messages, nothing lost. */
static void
test_trouble (void)
{
  gboolean locked = g_str_equal (mode, "locked");
  const char *expected = locked ?
    "The keyring is locked. Unlock it to use the saved password; until then the password is kept only until Mkmate Mail closes." :
    "No keyring is available on this desktop (no Secret Service). The password is kept only until Mkmate Mail closes.";
  int expected_code = locked ? MKM_SECRET_ERROR_LOCKED : MKM_SECRET_ERROR_NO_SERVICE;
  g_auto(Wait) found = { 0 };
  g_auto(Wait) stored = { 0 };
  Form f = { 0 };
  g_autoptr(GSettings) reader = NULL;
  g_autoptr(MkmMailConfig) config = NULL;
  g_autofree char *host = NULL;

  lookup (&found, "smtp.example.com", "someone");
  g_assert_error (found.error, MKM_SECRET_ERROR, expected_code);
  g_assert_cmpstr (found.error->message, ==, expected);

  store (&stored, "smtp.example.com", "someone", SECRET);
  g_assert_error (stored.error, MKM_SECRET_ERROR, expected_code);
  g_assert_cmpstr (stored.error->message, ==, expected);

  /* The window's flow: settings saved, the message shown, the password
   * still there for a test, and written nowhere else. */
  form_open (&f);
  fill (&f, "smtp.example.com", "someone", SECRET);
  form_save (&f);
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_PROBLEM);
  g_assert_cmpstr (mkm_keyring_get_message (f.keyring), ==, expected);

  reader = g_settings_new_with_backend (SCHEMA_ID, f.backend);
  host = g_settings_get_string (reader, "smtp-host");
  g_assert_cmpstr (host, ==, "smtp.example.com");
  config = mkm_settings_snapshot (f.model);
  g_assert_cmpstr (config->password, ==, SECRET);

  /* Opening again with a saved username says so too. */
  form_close (&f);
  form_open (&f);
  g_assert_cmpint (mkm_keyring_get_state (f.keyring), ==, MKM_KEYRING_STATE_PROBLEM);
  g_assert_cmpstr (mkm_keyring_get_message (f.keyring), ==, expected);
  form_close (&f);

  g_assert_false (tree_contains (f.dir, SECRET));
  g_assert_false (tree_contains (g_get_home_dir (), SECRET));
  form_done (&f);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  captured_logs = mkm_test_capture_logs ();

  mode = g_getenv ("MKM_KEYRING_MODE");
  g_assert_nonnull (mode);

  if (g_str_equal (mode, "unlocked"))
    {
      g_test_add_func ("/keyring/round-trip", test_round_trip);
      g_test_add_func ("/keyring/rekey-on-save", test_rekey_on_save);
      g_test_add_func ("/keyring/default-mode-leaves-item", test_default_mode_leaves_item);
      g_test_add_func ("/keyring/save-while-loading", test_save_while_loading);
      g_test_add_func ("/keyring/no-trace", test_no_trace);
    }
  else
    g_test_add_func ("/keyring/trouble", test_trouble);

  return g_test_run ();
}
