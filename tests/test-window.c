/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>

#include "mkm-test-panel.h"
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

static gboolean
on_wait_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Drops the last reference once pending keyring calls have finished. */
static void
wait_finalize (gpointer object)
{
  gpointer weak = object;
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, on_wait_timeout, &timed_out);

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (weak);
  if (!timed_out)
    g_source_remove (timeout);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  wait_finalize (f->window);
  wait_finalize (f->model);
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
    { "ca_file_row", "Extra CA certificate" },
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

static GtkWidget *
panel_child (Fixture    *f,
             const char *name)
{
  GtkWidget *panel = child (f, "test_panel");

  return GTK_WIDGET (gtk_widget_get_template_child (panel, MKM_TYPE_TEST_PANEL, name));
}

static void
fill_for_listener (Fixture        *f,
                   MkmSmtpFixture *smtp,
                   const char     *listener)
{
  g_autofree char *port = g_strdup_printf ("%d", mkm_smtp_fixture_port (smtp, listener));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  type_into (f, "admin_email_row", "quantri@example.test");
  type_into (f, "from_address_row", "no-reply@brand.example");
  type_into (f, "smtp_host_row", "localhost");
  type_into (f, "smtp_username_row", "admin@example.test");
  type_into (f, "password_row", "s3cret-Pässword");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, "encryption_row")), MKM_ENCRYPTION_NONE);
  type_into (f, "smtp_port_row", port);
}

static void
wait_idle (Fixture *f)
{
  MkmTestPanel *panel = MKM_TEST_PANEL (child (f, "test_panel"));

  while (mkm_test_panel_get_busy (panel))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

static void
test_send_from_window (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MkmSmtpFixture) smtp = mkm_smtp_fixture_start ();
  g_autofree char *mail = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *button = panel_child (f, "test_button");

  fill_for_listener (f, smtp, "plain");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (panel_child (f, "text_view"))),
                            "Xin chào từ cửa sổ", -1);

  /* The form is not saved: the test uses what is typed. */
  g_assert_true (action_enabled (f, "save"));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (mkm_test_panel_get_busy (MKM_TEST_PANEL (child (f, "test_panel"))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "test_label"))), ==, "Cancel");
  wait_idle (f);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "test_label"))), ==, "Test");
  g_assert_true (gtk_widget_get_visible (panel_child (f, "result_row")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "result_title"))), ==,
                   "Test email sent to quantri@example.test");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (panel_child (f, "result_reply"))),
                                   "250 2.0.0 Ok: queued as "));

  mail = mkm_smtp_fixture_last_mail (smtp, "plain");
  g_assert_nonnull (mail);
  g_file_get_contents (mail, &contents, NULL, NULL);
  g_assert_nonnull (strstr (contents, "From: no-reply@brand.example"));
}

static void
test_failure_in_window (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MkmSmtpFixture) smtp = mkm_smtp_fixture_start ();

  fill_for_listener (f, smtp, "plain");
  type_into (f, "password_row", "wrong");
  g_signal_emit_by_name (panel_child (f, "test_button"), "clicked");
  wait_idle (f);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "result_title"))), ==,
                   "Username or password rejected");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "result_fix"))), ==,
                   "Check both. Gmail and Outlook accounts with two-step verification need an app password instead of the normal password.");
  g_assert_true (gtk_widget_get_visible (panel_child (f, "details_row")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "transcript_label"))), "C: AUTH"));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "transcript_label"))), "wrong"));
}

static gboolean
click_later (gpointer button)
{
  g_signal_emit_by_name (button, "clicked");
  return G_SOURCE_REMOVE;
}

static void
test_cancel_in_window (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(MkmSmtpFixture) smtp = mkm_smtp_fixture_start ();
  GtkWidget *button = panel_child (f, "test_button");

  fill_for_listener (f, smtp, "silent");
  g_signal_emit_by_name (button, "clicked");
  g_timeout_add (300, click_later, button);
  wait_idle (f);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "test_label"))), ==, "Test");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "result_title"))), ==, "Test canceled");
  /* The rest of the window stayed usable and unchanged. */
  g_assert_true (action_enabled (f, "save"));
}

static void
test_no_admin_email (Fixture       *f,
                     gconstpointer  data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (child (f, "stack"));

  g_assert_true (gtk_widget_get_visible (panel_child (f, "open_system_button")));
  g_assert_false (gtk_widget_get_sensitive (panel_child (f, "test_button")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (panel_child (f, "recipient_row"))), ==,
                   "No administrator email is set: test emails go to the address under System › System settings.");
  g_signal_emit_by_name (panel_child (f, "open_system_button"), "clicked");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "system");

  type_into (f, "admin_email_row", "quantri@example.test");
  g_assert_false (gtk_widget_get_visible (panel_child (f, "open_system_button")));
  g_assert_true (gtk_widget_get_sensitive (panel_child (f, "test_button")));
}

static void
test_close_during_send (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(MkmSmtpFixture) smtp = mkm_smtp_fixture_start ();
  gint64 start;

  fill_for_listener (f, smtp, "silent");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  g_signal_emit_by_name (panel_child (f, "test_button"), "clicked");
  iterate ();

  /* Saved, so it closes at once; the send is cancelled, not left running
   * until the server's 30 s time limit. */
  start = g_get_monotonic_time ();
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  wait_idle (f);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (panel_child (f, "result_title"))), ==, "Test canceled");
}

static void
wait_password_row (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The row is insensitive while the keyring is read. */
  while (!gtk_widget_get_sensitive (child (f, "password_row")) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_sensitive (child (f, "password_row")));
}

static void
wait_status (Fixture    *f,
             const char *status)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkLabel *label = GTK_LABEL (child (f, "password_status"));

  while (g_strcmp0 (gtk_label_get_label (label), status) != 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (gtk_label_get_label (label), ==, status);
}

static void
test_password_from_keyring (Fixture       *f,
                            gconstpointer  data)
{
  const char *secret = "window-keyring-Pässword";

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (f, "smtp_toggle")), TRUE);
  type_into (f, "admin_email_row", "quantri@example.test");
  type_into (f, "from_address_row", "no-reply@brand.example");
  type_into (f, "smtp_host_row", "keyring-window.example");
  type_into (f, "smtp_username_row", "window-user");
  type_into (f, "password_row", secret);
  wait_status (f, "The new password goes into the keyring when you save.");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL);
  wait_status (f, "The password is stored in the keyring.");

  /* A new window on the same settings reads it back. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_finalize (f->window);
  wait_finalize (f->model);
  g_clear_object (&f->stored);
  open_window (f);
  wait_password_row (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "password_row"))), ==, secret);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "password_status"))), ==,
                   "The password is stored in the keyring.");
  g_assert_false (action_enabled (f, "save"));
}

static void
test_ca_file_row (Fixture       *f,
                  gconstpointer  data)
{
  AdwActionRow *row = ADW_ACTION_ROW (child (f, "ca_file_row"));

  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "None: only the certificates this computer trusts");
  g_assert_false (gtk_widget_get_visible (child (f, "ca_file_clear")));

  g_object_set (f->model, "smtp-ca-file", "/etc/ssl/company-ca.pem", NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "/etc/ssl/company-ca.pem");
  g_assert_true (gtk_widget_get_visible (child (f, "ca_file_clear")));

  g_signal_emit_by_name (child (f, "ca_file_clear"), "clicked");
  g_assert_cmpstr (mkm_settings_get_string (f->model, "smtp-ca-file"), ==, "");
  g_assert_false (gtk_widget_get_visible (child (f, "ca_file_clear")));
}

/* Ctrl+S is bound to win.save on the window. */
static void
test_ctrl_s (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *keys = gtk_shortcut_trigger_to_string (trigger);

          found = GTK_IS_NAMED_ACTION (action) &&
                  g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.save") &&
                  g_str_equal (keys, "<Control>s");
        }
    }
  g_assert_true (found);
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
  g_test_add ("/window/ca-file", Fixture, NULL, fixture_setup, test_ca_file_row, fixture_teardown);
  g_test_add ("/window/ctrl-s", Fixture, NULL, fixture_setup, test_ctrl_s, fixture_teardown);
  g_test_add ("/window/password-from-keyring", Fixture, NULL, fixture_setup, test_password_from_keyring, fixture_teardown);
  g_test_add ("/window/send", Fixture, NULL, fixture_setup, test_send_from_window, fixture_teardown);
  g_test_add ("/window/send-failure", Fixture, NULL, fixture_setup, test_failure_in_window, fixture_teardown);
  g_test_add ("/window/send-cancel", Fixture, NULL, fixture_setup, test_cancel_in_window, fixture_teardown);
  g_test_add ("/window/no-admin-email", Fixture, NULL, fixture_setup, test_no_admin_email, fixture_teardown);
  g_test_add ("/window/close-during-send", Fixture, NULL, fixture_setup, test_close_during_send, fixture_teardown);

  return g_test_run ();
}
