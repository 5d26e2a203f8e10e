/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <adwaita.h>

#include "mkm-test-util.h"
#include "mkm-window.h"

typedef struct
{
  GSettingsBackend *backend;
  MkmSettings      *model;
  GSettings        *stored;
  MkmWindow        *window;
} Fixture;

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window), MKM_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
type_into (Fixture    *f,
           const char *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, row)), text);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
open_window (Fixture *f)
{
  f->model = mkm_settings_new (f->backend);
  f->stored = g_settings_new_with_backend (SCHEMA_ID, f->backend);
  f->window = mkm_window_new (NULL, f->model);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->backend = mkm_test_memory_backend ();
  open_window (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->model);
  g_clear_object (&f->stored);
  g_clear_object (&f->backend);
}

static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  GtkWidget *button = child (f, g_str_equal (name, "save") ? "save_button" : "revert_button");

  return gtk_widget_get_sensitive (button);
}

static void
test_labels (Fixture       *f,
             gconstpointer  data)
{
  static const struct { const char *row; const char *title; } rows[] = {
    { "admin_email_row", "Administrator email" },
    { "mode_row", "Email protocol" },
    { "from_address_row", "From (email)" },
    { "from_name_row", "Sender name" },
    { "smtp_host_row", "Server" },
    { "smtp_username_row", "Username" },
    { "password_row", "Password" },
    { "smtp_port_row", "Port" },
    { "encryption_row", "Encryption" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child (f, rows[i].row))), ==, rows[i].title);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (f, "default_toggle"))), ==, "Default");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (f, "smtp_toggle"))), ==, "SMTP");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (f, "save_button"))), ==, "Save");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (f, "revert_button"))), ==, "Revert");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "default_sender_row"))), ==,
                   "Mkmate <no-reply@mkmate.invalid>");
}

static void
test_type_and_save (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *stored_host = NULL;
  g_autofree char *stored_admin = NULL;

  g_assert_false (action_enabled (f, "save"));
  g_assert_false (action_enabled (f, "revert"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  type_into (f, "admin_email_row", "quantri@example.vn");
  type_into (f, "from_address_row", "no-reply@brand.example");
  type_into (f, "from_name_row", "Công ty Brand");
  type_into (f, "smtp_host_row", "smtp.brand.example");
  type_into (f, "smtp_username_row", "mailer");
  type_into (f, "password_row", "typed-secret");
  type_into (f, "smtp_port_row", "2525");

  g_assert_cmpstr (mkm_settings_get_string (f->model, "smtp-host"), ==, "smtp.brand.example");
  g_assert_cmpstr (mkm_settings_get_password (f->model), ==, "typed-secret");
  g_assert_cmpint (mkm_settings_get_port (f->model), ==, 2525);
  g_assert_true (action_enabled (f, "save"));
  g_assert_true (action_enabled (f, "revert"));

  /* Nothing is stored before Save. */
  stored_host = g_settings_get_string (f->stored, "smtp-host");
  g_assert_cmpstr (stored_host, ==, "");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  g_clear_pointer (&stored_host, g_free);
  stored_host = g_settings_get_string (f->stored, "smtp-host");
  stored_admin = g_settings_get_string (f->stored, "admin-email");
  g_assert_cmpstr (stored_host, ==, "smtp.brand.example");
  g_assert_cmpstr (stored_admin, ==, "quantri@example.vn");
  g_assert_cmpint (g_settings_get_int (f->stored, "smtp-port"), ==, 2525);
  g_assert_cmpint (g_settings_get_enum (f->stored, "mode"), ==, MKM_MODE_SMTP);
  g_assert_false (action_enabled (f, "save"));
  g_assert_false (action_enabled (f, "revert"));
}

static void
test_revert (Fixture       *f,
             gconstpointer  data)
{
  g_settings_set_string (f->stored, "smtp-host", "saved.example");
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "smtp_host_row"))), ==, "saved.example");

  type_into (f, "smtp_host_row", "typed.example");
  type_into (f, "smtp_port_row", "58a7");
  g_assert_true (action_enabled (f, "revert"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.revert", NULL);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "smtp_host_row"))), ==, "saved.example");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "smtp_port_row"))), ==, "587");
  g_assert_false (gtk_widget_get_visible (child (f, "smtp_port_error_row")));
  g_assert_false (action_enabled (f, "revert"));
}

static void
test_inline_errors (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *row = child (f, "smtp_host_row");
  const char *message = "Put the port in the Port field and type only mail.example.com here";

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  type_into (f, "from_address_row", "me@example.com");
  type_into (f, "smtp_host_row", "mail.example.com:587");

  g_assert_true (gtk_widget_get_visible (child (f, "smtp_host_error_row")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "smtp_host_error"))), ==, message);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_false (action_enabled (f, "save"));

  type_into (f, "smtp_host_row", "mail.example.com");
  g_assert_false (gtk_widget_get_visible (child (f, "smtp_host_error_row")));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_true (action_enabled (f, "save"));

  type_into (f, "smtp_port_row", "99999");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "smtp_port_error"))), ==,
                   "The port must be between 1 and 65535");
  g_assert_false (action_enabled (f, "save"));
}

static void
test_mode_switch (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_true (gtk_widget_get_visible (child (f, "default_group")));
  g_assert_false (gtk_widget_get_visible (child (f, "smtp_group")));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  g_assert_cmpint (mkm_settings_get_mode (f->model), ==, MKM_MODE_SMTP);
  g_assert_false (gtk_widget_get_visible (child (f, "default_group")));
  g_assert_true (gtk_widget_get_visible (child (f, "smtp_group")));
  type_into (f, "smtp_host_row", "kept.example");

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "default_toggle")), TRUE);
  g_assert_cmpint (mkm_settings_get_mode (f->model), ==, MKM_MODE_DEFAULT);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle"))));
  g_assert_true (gtk_widget_get_visible (child (f, "default_group")));
  g_assert_false (gtk_widget_get_visible (child (f, "smtp_group")));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "smtp_host_row"))), ==, "kept.example");
}

static void
test_encryption_port (Fixture       *f,
                      gconstpointer  data)
{
  AdwComboRow *combo = ADW_COMBO_ROW (child (f, "encryption_row"));
  GtkEditable *port = GTK_EDITABLE (child (f, "smtp_port_row"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, MKM_ENCRYPTION_TLS);

  adw_combo_row_set_selected (combo, MKM_ENCRYPTION_SSL);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "465");
  adw_combo_row_set_selected (combo, MKM_ENCRYPTION_NONE);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "25");
  adw_combo_row_set_selected (combo, MKM_ENCRYPTION_TLS);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "587");

  gtk_editable_set_text (port, "2525");
  adw_combo_row_set_selected (combo, MKM_ENCRYPTION_SSL);
  g_assert_cmpstr (gtk_editable_get_text (port), ==, "2525");
  g_assert_cmpint (mkm_settings_get_encryption (f->model), ==, MKM_ENCRYPTION_SSL);

  /* Loading a stored SSL-on-587 setting shows it as it is, with a warning. */
  gtk_editable_set_text (port, "587");
  g_assert_true (gtk_widget_get_visible (child (f, "security_warning_row")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "security_warning"))), ==,
                   "Port 587 usually expects TLS (STARTTLS), not SSL. Choose TLS, or use port 465 for SSL.");
}

static void
test_locked_key (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("mkm-locks-XXXXXX", NULL);
  const char * const locked[] = { "smtp-host", "mode", NULL };
  Fixture fixture = { 0 }, *f = &fixture;

  f->backend = mkm_test_locked_backend (tmpdir, locked);
  open_window (f);

  g_assert_false (gtk_widget_get_sensitive (child (f, "smtp_host_row")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (f, "smtp_host_row")), ==,
                   "Managed by your system administrator");
  g_assert_false (gtk_widget_get_sensitive (child (f, "mode_row")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "smtp_port_row")));
  g_assert_null (gtk_widget_get_tooltip_text (child (f, "smtp_port_row")));

  fixture_teardown (f, NULL);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_close_asks (Fixture       *f,
                 gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *stored = NULL;

  /* Nothing changed: closes without asking (the window only hides here). */
  g_assert_null (find_dialog ());

  type_into (f, "admin_email_row", "admin@example.com");
  gtk_window_close (GTK_WINDOW (f->window));
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save changes?");
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));

  /* Cancel keeps the window and the edit. */
  adw_message_dialog_response (dialog, "cancel");
  iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_assert_cmpstr (mkm_settings_get_string (f->model, "admin-email"), ==, "admin@example.com");

  /* Save stores and closes. */
  gtk_window_close (GTK_WINDOW (f->window));
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  iterate ();
  stored = g_settings_get_string (f->stored, "admin-email");
  g_assert_cmpstr (stored, ==, "admin@example.com");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

static void
test_close_invalid_cannot_save (Fixture       *f,
                                gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *stored = NULL;

  type_into (f, "admin_email_row", "admin@");
  gtk_window_close (GTK_WINDOW (f->window));
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));

  adw_message_dialog_response (dialog, "discard");
  iterate ();
  stored = g_settings_get_string (f->stored, "admin-email");
  g_assert_cmpstr (stored, ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/labels", Fixture, NULL, fixture_setup, test_labels, fixture_teardown);
  g_test_add ("/window/type-and-save", Fixture, NULL, fixture_setup, test_type_and_save, fixture_teardown);
  g_test_add ("/window/revert", Fixture, NULL, fixture_setup, test_revert, fixture_teardown);
  g_test_add ("/window/inline-errors", Fixture, NULL, fixture_setup, test_inline_errors, fixture_teardown);
  g_test_add ("/window/mode-switch", Fixture, NULL, fixture_setup, test_mode_switch, fixture_teardown);
  g_test_add ("/window/encryption-port", Fixture, NULL, fixture_setup, test_encryption_port, fixture_teardown);
  g_test_add ("/window/close-asks", Fixture, NULL, fixture_setup, test_close_asks, fixture_teardown);
  g_test_add ("/window/close-invalid", Fixture, NULL, fixture_setup, test_close_invalid_cannot_save, fixture_teardown);
  g_test_add_func ("/window/locked-key", test_locked_key);

  return g_test_run ();
}
