/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "mkm-test-util.h"

GSettingsBackend *
mkm_test_memory_backend (void)
{
  return g_memory_settings_backend_new ();
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
