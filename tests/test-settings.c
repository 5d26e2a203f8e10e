/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "mkm-settings.h"
#include "mkm-test-util.h"

typedef struct
{
  GSettingsBackend *backend;
  MkmSettings      *model;
  GSettings        *other;   /* another reader of the same store */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->backend = mkm_test_memory_backend ();
  f->model = mkm_settings_new (f->backend);
  f->other = g_settings_new_with_backend (SCHEMA_ID, f->backend);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->model);
  g_clear_object (&f->other);
  g_clear_object (&f->backend);
}

static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sender = NULL;

  g_assert_cmpint (mkm_settings_get_mode (f->model), ==, MKM_MODE_DEFAULT);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 587);
  g_assert_cmpint (mkm_settings_get_encryption (f->model), ==, MKM_ENCRYPTION_TLS);
  g_assert_cmpstr (mkm_settings_get_string (f->model, "default-from-name"), ==, "Mkmate");
  g_assert_cmpstr (mkm_settings_get_string (f->model, "default-relay-url"), ==, "smtp://localhost:25");
  g_object_get (f->model, "default-sender", &sender, NULL);
  g_assert_cmpstr (sender, ==, "Mkmate <no-reply@mkmate.invalid>");
  g_assert_false (mkm_settings_get_has_unapplied (f->model));
  g_assert_false (mkm_settings_get_can_save (f->model));
}

/* Every key: edit through the model, invisible until apply, then stored. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  static const struct {
    const char *key;
    const char *value;
  } strings[] = {
    { "admin-email", "quantri@example.vn" },
    { "from-address", "no-reply@brand.example" },
    { "from-name", "Công ty Brand" },
    { "smtp-host", "smtp.brand.example" },
    { "smtp-username", "mailer@brand.example" },
    { "smtp-ca-file", "/etc/ssl/brand-ca.pem" },
    { "default-relay-url", "smtps://relay.vendor.example:465" },
    { "default-from-address", "mkmate@vendor.example" },
    { "default-from-name", "Vendor" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *before = g_settings_get_string (f->other, strings[i].key);
      g_autofree char *after = NULL;

      g_object_set (f->model, strings[i].key, strings[i].value, NULL);
      g_assert_cmpstr (mkm_settings_get_string (f->model, strings[i].key), ==, strings[i].value);
      g_assert_true (mkm_settings_get_has_unapplied (f->model));

      after = g_settings_get_string (f->other, strings[i].key);
      g_assert_cmpstr (after, ==, before);
    }

  g_object_set (f->model,
                "mode", MKM_MODE_SMTP,
                "smtp-port", 2525,
                "smtp-encryption", MKM_ENCRYPTION_SSL,
                "smtp-timeout", 45,
                NULL);
  g_assert_cmpint (g_settings_get_enum (f->other, "mode"), ==, MKM_MODE_DEFAULT);
  g_assert_cmpint (g_settings_get_int (f->other, "smtp-port"), ==, 587);

  g_assert_true (mkm_settings_get_can_save (f->model));
  mkm_settings_apply (f->model);
  g_assert_false (mkm_settings_get_has_unapplied (f->model));
  g_assert_false (mkm_settings_get_can_save (f->model));

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *stored = g_settings_get_string (f->other, strings[i].key);

      g_assert_cmpstr (stored, ==, strings[i].value);
    }
  g_assert_cmpint (g_settings_get_enum (f->other, "mode"), ==, MKM_MODE_SMTP);
  g_assert_cmpint (g_settings_get_int (f->other, "smtp-port"), ==, 2525);
  g_assert_cmpint (g_settings_get_enum (f->other, "smtp-encryption"), ==, MKM_ENCRYPTION_SSL);
  g_assert_cmpint (g_settings_get_int (f->other, "smtp-timeout"), ==, 45);

  /* And a value written elsewhere reaches the model. */
  g_settings_set_string (f->other, "smtp-host", "other.example");
  g_assert_cmpstr (mkm_settings_get_string (f->model, "smtp-host"), ==, "other.example");
}

static void
test_revert (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *port_text = NULL;

  g_settings_set_string (f->other, "smtp-host", "saved.example");
  g_object_set (f->model,
                "smtp-host", "typed.example",
                "smtp-port-text", "58a7",
                "password", "typed-secret",
                NULL);
  g_assert_cmpstr (mkm_settings_get_error (f->model, MKM_FIELD_SMTP_PORT), ==,
                   "The port is a number only, for example 587");
  g_assert_true (mkm_settings_get_has_unapplied (f->model));

  mkm_settings_revert (f->model);
  g_assert_cmpstr (mkm_settings_get_string (f->model, "smtp-host"), ==, "saved.example");
  g_object_get (f->model, "smtp-port-text", &port_text, NULL);
  g_assert_cmpstr (port_text, ==, "587");
  g_assert_null (mkm_settings_get_error (f->model, MKM_FIELD_SMTP_PORT));
  g_assert_cmpstr (mkm_settings_get_password (f->model), ==, "");
  g_assert_false (mkm_settings_get_has_unapplied (f->model));
}

static void
test_undo_is_not_a_change (Fixture       *f,
                           gconstpointer  data)
{
  g_object_set (f->model, "admin-email", "a@example.com", NULL);
  g_assert_true (mkm_settings_get_has_unapplied (f->model));
  g_object_set (f->model, "admin-email", "", NULL);
  g_assert_false (mkm_settings_get_has_unapplied (f->model));
  g_assert_false (mkm_settings_get_can_save (f->model));
}

static void
test_can_save_follows_validity (Fixture       *f,
                                gconstpointer  data)
{
  g_object_set (f->model, "admin-email", "admin@", NULL);
  g_assert_cmpstr (mkm_settings_get_error (f->model, MKM_FIELD_ADMIN_EMAIL), ==,
                   "The domain after “@” is missing, as in name@example.com");
  g_assert_true (mkm_settings_get_has_unapplied (f->model));
  g_assert_false (mkm_settings_get_can_save (f->model));

  g_object_set (f->model, "admin-email", "admin@example.com", NULL);
  g_assert_null (mkm_settings_get_error (f->model, MKM_FIELD_ADMIN_EMAIL));
  g_assert_true (mkm_settings_get_can_save (f->model));

  /* SMTP mode needs its server and From address. */
  mkm_settings_set_mode (f->model, MKM_MODE_SMTP);
  g_assert_false (mkm_settings_get_can_save (f->model));
  g_assert_cmpstr (mkm_settings_get_error (f->model, MKM_FIELD_SMTP_HOST), ==,
                   "Enter the server name, for example smtp.gmail.com");
  g_assert_cmpstr (mkm_settings_get_error (f->model, MKM_FIELD_FROM_ADDRESS), ==,
                   "Enter an email address, for example name@example.com");

  g_object_set (f->model, "smtp-host", "smtp.example.com", "from-address", "me@example.com", NULL);
  g_assert_true (mkm_settings_get_can_save (f->model));

  g_object_set (f->model, "smtp-port-text", "99999", NULL);
  g_assert_false (mkm_settings_get_can_save (f->model));
  g_object_set (f->model, "smtp-port-text", "2525", NULL);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 2525);
  g_assert_true (mkm_settings_get_can_save (f->model));

  g_object_set (f->model, "from-name", "Bad\r\nBcc: x@example.com", NULL);
  g_assert_false (mkm_settings_get_can_save (f->model));

  /* Back in Default mode, the SMTP fields do not hold the save back. */
  mkm_settings_set_mode (f->model, MKM_MODE_DEFAULT);
  g_assert_true (mkm_settings_get_can_save (f->model));
  g_object_set (f->model, "smtp-host", "", "from-address", "", NULL);
  g_assert_null (mkm_settings_get_error (f->model, MKM_FIELD_SMTP_HOST));
  g_assert_null (mkm_settings_get_error (f->model, MKM_FIELD_FROM_ADDRESS));
}

static void
test_encryption_moves_default_port (Fixture       *f,
                                    gconstpointer  data)
{
  const char *warning;

  mkm_settings_choose_encryption (f->model, MKM_ENCRYPTION_SSL);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 465);
  mkm_settings_choose_encryption (f->model, MKM_ENCRYPTION_NONE);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 25);
  mkm_settings_choose_encryption (f->model, MKM_ENCRYPTION_TLS);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 587);

  g_object_set (f->model, "smtp-port-text", "2525", NULL);
  mkm_settings_choose_encryption (f->model, MKM_ENCRYPTION_SSL);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 2525);
  g_assert_cmpint (mkm_settings_get_encryption (f->model), ==, MKM_ENCRYPTION_SSL);

  /* A plain property change (as from the store) never moves the port. */
  g_object_set (f->model, "smtp-port", 587, NULL);
  g_object_set (f->model, "smtp-encryption", MKM_ENCRYPTION_SSL, NULL);
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 587);
  warning = mkm_settings_get_security_warning (f->model);
  g_assert_cmpstr (warning, ==, "Port 587 usually expects TLS (STARTTLS), not SSL. Choose TLS, or use port 465 for SSL.");
}

static void
test_password_stays_in_memory (Fixture       *f,
                               gconstpointer  data)
{
  const char *secret = "Pässwörd-only-in-memory";
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  g_auto(GStrv) keys = g_settings_schema_list_keys (schema);

  mkm_settings_set_password (f->model, secret);
  g_assert_true (mkm_settings_get_has_unapplied (f->model));
  g_assert_true (mkm_settings_get_password_changed (f->model));
  mkm_settings_apply (f->model);
  g_assert_false (mkm_settings_get_password_changed (f->model));
  g_assert_cmpstr (mkm_settings_get_password (f->model), ==, secret);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (f->other, keys[i]);
      g_autofree char *printed = g_variant_print (value, TRUE);

      g_assert_null (strstr (printed, "only-in-memory"));
    }
}

static void
test_locked_key (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("mkm-locks-XXXXXX", NULL);
  const char * const locked[] = { "smtp-host", NULL };
  g_autoptr(GSettingsBackend) backend = mkm_test_locked_backend (tmpdir, locked);
  g_autoptr(MkmSettings) model = mkm_settings_new (backend);

  g_assert_false (mkm_settings_is_writable (model, "smtp-host"));
  g_assert_true (mkm_settings_is_writable (model, "smtp-port"));
  g_assert_true (mkm_settings_is_writable (model, "admin-email"));
}

/* Choosing an encryption never moves a port the administrator cannot
 * change: the store would refuse the whole Save. */
static void
test_locked_port_stays (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("mkm-locks-XXXXXX", NULL);
  const char * const locked[] = { "smtp-port", NULL };
  g_autoptr(GSettingsBackend) backend = mkm_test_locked_backend (tmpdir, locked);
  g_autoptr(MkmSettings) model = mkm_settings_new (backend);

  mkm_settings_choose_encryption (model, MKM_ENCRYPTION_SSL);
  g_assert_cmpint (mkm_settings_get_port (model), ==, 587);
  g_assert_cmpint (mkm_settings_get_encryption (model), ==, MKM_ENCRYPTION_SSL);
  g_object_set (model, "admin-email", "admin@example.com", NULL);
  g_assert_true (mkm_settings_apply (model));
}

static void
test_snapshot_is_a_copy (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(MkmMailConfig) config = NULL;
  g_autoptr(MkmMailConfig) copy = NULL;

  g_object_set (f->model,
                "mode", MKM_MODE_SMTP,
                "admin-email", "admin@example.com",
                "from-address", "me@example.com",
                "from-name", "Me",
                "smtp-host", "smtp.example.com",
                "smtp-username", "me",
                "smtp-port-text", "2525",
                "password", "unsaved-secret",
                NULL);
  config = mkm_settings_snapshot (f->model);

  g_object_set (f->model, "smtp-host", "changed.example", "from-name", "Changed",
                "password", "changed", "smtp-port-text", "25", NULL);

  g_assert_cmpint (config->mode, ==, MKM_MODE_SMTP);
  g_assert_cmpstr (config->admin_email, ==, "admin@example.com");
  g_assert_cmpstr (config->from_address, ==, "me@example.com");
  g_assert_cmpstr (config->from_name, ==, "Me");
  g_assert_cmpstr (config->host, ==, "smtp.example.com");
  g_assert_cmpstr (config->username, ==, "me");
  g_assert_cmpstr (config->password, ==, "unsaved-secret");
  g_assert_cmpint (config->port, ==, 2525);
  g_assert_cmpstr (config->default_from_name, ==, "Mkmate");
  g_assert_true (config->host != mkm_settings_get_string (f->model, "smtp-host"));

  copy = mkm_mail_config_copy (config);
  g_assert_true (copy->password != config->password);
  g_assert_cmpstr (copy->password, ==, "unsaved-secret");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/settings/defaults", Fixture, NULL, fixture_setup, test_defaults, fixture_teardown);
  g_test_add ("/settings/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/settings/revert", Fixture, NULL, fixture_setup, test_revert, fixture_teardown);
  g_test_add ("/settings/undo-is-not-a-change", Fixture, NULL, fixture_setup, test_undo_is_not_a_change, fixture_teardown);
  g_test_add ("/settings/can-save", Fixture, NULL, fixture_setup, test_can_save_follows_validity, fixture_teardown);
  g_test_add ("/settings/encryption-port", Fixture, NULL, fixture_setup, test_encryption_moves_default_port, fixture_teardown);
  g_test_add ("/settings/password-in-memory", Fixture, NULL, fixture_setup, test_password_stays_in_memory, fixture_teardown);
  g_test_add ("/settings/snapshot", Fixture, NULL, fixture_setup, test_snapshot_is_a_copy, fixture_teardown);
  g_test_add_func ("/settings/locked-key", test_locked_key);
  g_test_add_func ("/settings/locked-port-stays", test_locked_port_stays);

  return g_test_run ();
}
