/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mkm-keyring.h"
#include "mkm-test-panel.h"
#include "mkm-window.h"

/*
 * The settings window. It binds rows to MkmSettings and reacts to the
 * administrator; validation, storage and sending live in src/core.
 */

struct _MkmWindow
{
  AdwApplicationWindow  parent_instance;

  MkmSettings          *settings;
  MkmKeyring           *keyring;
  GBindingGroup        *bindings;
  GtkWidget            *close_dialog;
  gboolean              closing;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  GtkWidget            *save_button;
  GtkWidget            *revert_button;
  AdwEntryRow          *admin_email_row;
  GtkWidget            *admin_email_error_row;
  GtkLabel             *admin_email_error;
  AdwActionRow         *mode_row;
  GtkToggleButton      *default_toggle;
  GtkToggleButton      *smtp_toggle;
  GtkWidget            *default_group;
  AdwActionRow         *default_sender_row;
  GtkWidget            *smtp_group;
  AdwEntryRow          *from_address_row;
  GtkWidget            *from_address_error_row;
  GtkLabel             *from_address_error;
  AdwEntryRow          *from_name_row;
  GtkWidget            *from_name_error_row;
  GtkLabel             *from_name_error;
  AdwEntryRow          *smtp_host_row;
  GtkWidget            *smtp_host_error_row;
  GtkLabel             *smtp_host_error;
  AdwEntryRow          *smtp_username_row;
  GtkWidget            *smtp_username_error_row;
  GtkLabel             *smtp_username_error;
  AdwPasswordEntryRow  *password_row;
  GtkWidget            *password_status_row;
  GtkLabel             *password_status;
  AdwEntryRow          *smtp_port_row;
  GtkWidget            *smtp_port_error_row;
  GtkLabel             *smtp_port_error;
  AdwComboRow          *encryption_row;
  AdwActionRow         *ca_file_row;
  GtkWidget            *ca_file_clear;
  GtkFileChooserNative *ca_file_chooser;
  GtkWidget            *security_warning_row;
  GtkLabel             *security_warning;
  MkmTestPanel         *test_panel;
};

G_DEFINE_FINAL_TYPE (MkmWindow, mkm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A row, the message row under it and the model property behind the message. */
typedef struct
{
  const char *message_property;
  gsize       row_offset;
  gsize       message_row_offset;
  gsize       label_offset;
} MessageRow;

#define WIDGET_AT(self, offset) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, offset))

static const MessageRow message_rows[] = {
  { "admin-email-error", G_STRUCT_OFFSET (MkmWindow, admin_email_row),
    G_STRUCT_OFFSET (MkmWindow, admin_email_error_row), G_STRUCT_OFFSET (MkmWindow, admin_email_error) },
  { "from-address-error", G_STRUCT_OFFSET (MkmWindow, from_address_row),
    G_STRUCT_OFFSET (MkmWindow, from_address_error_row), G_STRUCT_OFFSET (MkmWindow, from_address_error) },
  { "from-name-error", G_STRUCT_OFFSET (MkmWindow, from_name_row),
    G_STRUCT_OFFSET (MkmWindow, from_name_error_row), G_STRUCT_OFFSET (MkmWindow, from_name_error) },
  { "smtp-host-error", G_STRUCT_OFFSET (MkmWindow, smtp_host_row),
    G_STRUCT_OFFSET (MkmWindow, smtp_host_error_row), G_STRUCT_OFFSET (MkmWindow, smtp_host_error) },
  { "smtp-username-error", G_STRUCT_OFFSET (MkmWindow, smtp_username_row),
    G_STRUCT_OFFSET (MkmWindow, smtp_username_error_row), G_STRUCT_OFFSET (MkmWindow, smtp_username_error) },
  { "smtp-port-error", G_STRUCT_OFFSET (MkmWindow, smtp_port_row),
    G_STRUCT_OFFSET (MkmWindow, smtp_port_error_row), G_STRUCT_OFFSET (MkmWindow, smtp_port_error) },
  { "security-warning", G_STRUCT_OFFSET (MkmWindow, encryption_row),
    G_STRUCT_OFFSET (MkmWindow, security_warning_row), G_STRUCT_OFFSET (MkmWindow, security_warning) },
};

/* Which widget edits which key, for locks set by the system administrator. */
typedef struct
{
  const char *key;
  gsize       widget_offset;
} KeyWidget;

static const KeyWidget key_widgets[] = {
  { "admin-email", G_STRUCT_OFFSET (MkmWindow, admin_email_row) },
  { "mode", G_STRUCT_OFFSET (MkmWindow, mode_row) },
  { "from-address", G_STRUCT_OFFSET (MkmWindow, from_address_row) },
  { "from-name", G_STRUCT_OFFSET (MkmWindow, from_name_row) },
  { "smtp-host", G_STRUCT_OFFSET (MkmWindow, smtp_host_row) },
  { "smtp-username", G_STRUCT_OFFSET (MkmWindow, smtp_username_row) },
  { "smtp-port", G_STRUCT_OFFSET (MkmWindow, smtp_port_row) },
  { "smtp-encryption", G_STRUCT_OFFSET (MkmWindow, encryption_row) },
  { "smtp-ca-file", G_STRUCT_OFFSET (MkmWindow, ca_file_row) },
};

static void
update_message_row (MkmWindow        *self,
                    const MessageRow *entry)
{
  GtkWidget *row = WIDGET_AT (self, entry->row_offset);
  GtkWidget *message_row = WIDGET_AT (self, entry->message_row_offset);
  GtkWidget *label = WIDGET_AT (self, entry->label_offset);
  g_autofree char *message = NULL;
  gboolean is_error = !g_str_equal (entry->message_property, "security-warning");

  g_object_get (self->settings, entry->message_property, &message, NULL);

  gtk_label_set_label (GTK_LABEL (label), message ?: "");
  gtk_widget_set_visible (message_row, message != NULL);

  if (is_error && message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");

  /* Screen readers hear the message with the row it belongs to. */
  if (message != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                      -1);
      if (is_error)
        gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                     GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                     -1);
    }
  else
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
on_message_changed (MkmWindow  *self,
                    GParamSpec *pspec,
                    MkmSettings *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (message_rows); i++)
    if (g_str_equal (message_rows[i].message_property, pspec->name))
      update_message_row (self, &message_rows[i]);
}

static void
update_lock (MkmWindow      *self,
             const KeyWidget *entry)
{
  GtkWidget *widget = WIDGET_AT (self, entry->widget_offset);
  gboolean writable = mkm_settings_is_writable (self->settings, entry->key);

  gtk_widget_set_sensitive (widget, writable);
  gtk_widget_set_tooltip_text (widget,
                               writable ? NULL : _("Managed by your system administrator"));
}

static void
on_writable_changed (MkmWindow   *self,
                     const char  *key,
                     MkmSettings *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_widgets); i++)
    if (g_str_equal (key_widgets[i].key, key))
      update_lock (self, &key_widgets[i]);
}

static void
update_actions (MkmWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save",
                                 mkm_settings_get_can_save (self->settings));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.revert",
                                 mkm_settings_get_has_unapplied (self->settings));
}

static void
update_mode (MkmWindow *self)
{
  gboolean smtp = mkm_settings_get_mode (self->settings) == MKM_MODE_SMTP;

  gtk_widget_set_visible (self->default_group, !smtp);
  gtk_widget_set_visible (self->smtp_group, smtp);
}

static gboolean
mode_to_active (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_enum (from) == GPOINTER_TO_INT (user_data));
  return TRUE;
}

static gboolean
active_to_mode (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  /* Only the button that becomes active says which mode it is. */
  if (!g_value_get_boolean (from))
    return FALSE;
  g_value_set_enum (to, GPOINTER_TO_INT (user_data));
  return TRUE;
}

static gboolean
encryption_to_selected (GBinding     *binding,
                        const GValue *from,
                        GValue       *to,
                        gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static void
on_encryption_selected (MkmWindow  *self,
                        GParamSpec *pspec,
                        AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->settings == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  /* A change that came from the model is not a choice of the administrator. */
  if (selected != (guint) mkm_settings_get_encryption (self->settings))
    mkm_settings_choose_encryption (self->settings, (MkmEncryption) selected);
}

static void
update_password_status (MkmWindow *self)
{
  MkmKeyringState state = mkm_keyring_get_state (self->keyring);
  const char *message = mkm_keyring_get_message (self->keyring);
  gboolean problem = state == MKM_KEYRING_STATE_PROBLEM;

  gtk_label_set_label (self->password_status, message ?: "");
  gtk_widget_set_visible (self->password_status_row, message != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->password_status), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->password_status), "warning");

  /* The row waits for the keyring: what it would show is not known yet. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), state != MKM_KEYRING_STATE_LOADING);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->password_row),
                               state == MKM_KEYRING_STATE_LOADING ? _("Reading the password from the keyring…") : NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_row),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static gboolean
save (MkmWindow *self)
{
  if (!mkm_settings_get_can_save (self->settings))
    return FALSE;

  if (!mkm_keyring_save_settings (self->keyring))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Not saved: some of these settings are managed by your system administrator")));
      return FALSE;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Settings saved")));
  return TRUE;
}

static void
on_show_page (MkmWindow  *self,
              const char *name)
{
  mkm_window_show_page (self, name);
  if (g_str_equal (name, "system"))
    gtk_widget_grab_focus (GTK_WIDGET (self->admin_email_row));
}

/* The password goes between row and model without GValue copies that
 * nobody wipes. */
static void
on_password_typed (MkmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->settings != NULL && g_strcmp0 (text, mkm_settings_get_password (self->settings)) != 0)
    mkm_settings_set_password (self->settings, text);
}

static void
on_password_changed (MkmWindow *self)
{
  const char *password = mkm_settings_get_password (self->settings);

  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (self->password_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
}

static void
update_ca_file (MkmWindow *self)
{
  const char *path = mkm_settings_get_string (self->settings, "smtp-ca-file");
  gboolean set = path != NULL && *path != '\0';

  adw_action_row_set_subtitle (self->ca_file_row,
                               set ? path : _("None: only the certificates this computer trusts"));
  gtk_widget_set_visible (self->ca_file_clear, set);
}

static void
on_ca_file_response (MkmWindow            *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_object_set (self->settings, "smtp-ca-file", path, NULL);
    }
  g_clear_object (&self->ca_file_chooser);
}

static void
on_ca_file_choose (MkmWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->ca_file_chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");

  self->ca_file_chooser = gtk_file_chooser_native_new (_("Choose a CA Certificate"), GTK_WINDOW (self),
                                                       GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_file_chooser), filter);
  g_signal_connect_object (self->ca_file_chooser, "response", G_CALLBACK (on_ca_file_response),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_file_chooser));
}

static void
on_ca_file_clear (MkmWindow *self)
{
  g_object_set (self->settings, "smtp-ca-file", "", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (MKM_WINDOW (widget));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MkmWindow *self = MKM_WINDOW (widget);

  mkm_settings_revert (self->settings);
}

static void
close_after_keyring (MkmWindow *self)
{
  MkmKeyringState state = mkm_keyring_get_state (self->keyring);

  if (state == MKM_KEYRING_STATE_SAVING || state == MKM_KEYRING_STATE_LOADING)
    return;
  g_signal_handlers_disconnect_by_func (self->keyring, close_after_keyring, self);
  /* A keyring problem keeps the window open, with the message under the
   * Password row: the password would otherwise be gone unnoticed. */
  if (state == MKM_KEYRING_STATE_PROBLEM)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The settings are saved, but the password could not be kept in the keyring")));
      return;
    }
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_response (MkmWindow       *self,
                   const char      *response,
                   AdwMessageDialog *dialog)
{
  self->close_dialog = NULL;

  if (g_str_equal (response, "save"))
    {
      if (!save (self))
        return;
      g_signal_connect_object (self->keyring, "notify::state", G_CALLBACK (close_after_keyring),
                               self, G_CONNECT_SWAPPED);
      close_after_keyring (self);
      return;
    }
  if (!g_str_equal (response, "discard"))
    return;

  mkm_settings_revert (self->settings);
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
mkm_window_close_request (GtkWindow *window)
{
  MkmWindow *self = MKM_WINDOW (window);
  AdwMessageDialog *dialog;

  if (self->closing || self->settings == NULL || !mkm_settings_get_has_unapplied (self->settings))
    {
      /* A test still running ends with the window. */
      mkm_test_panel_cancel (self->test_panel);
      return GTK_WINDOW_CLASS (mkm_window_parent_class)->close_request (window);
    }

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return TRUE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Save changes?"),
                                                       _("Some settings were changed but not saved. Unsaved changes are lost when the window closes.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("Cancel"),
                                    "discard", _("Discard"),
                                    "save", _("Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", mkm_settings_get_can_save (self->settings));
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (!mkm_settings_get_can_save (self->settings))
    adw_message_dialog_set_body (dialog, _("Some settings were changed but cannot be saved until the marked fields are corrected. Discard the changes, or go back and correct them."));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, G_CONNECT_SWAPPED);

  self->close_dialog = GTK_WIDGET (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
mkm_window_constructed (GObject *object)
{
  MkmWindow *self = MKM_WINDOW (object);

  G_OBJECT_CLASS (mkm_window_parent_class)->constructed (object);

  g_assert (MKM_IS_SETTINGS (self->settings));

  g_binding_group_set_source (self->bindings, self->settings);

  for (guint i = 0; i < G_N_ELEMENTS (message_rows); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", message_rows[i].message_property, NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (on_message_changed),
                               self, G_CONNECT_SWAPPED);
      update_message_row (self, &message_rows[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (key_widgets); i++)
    update_lock (self, &key_widgets[i]);

  g_signal_connect_object (self->settings, "writable-changed", G_CALLBACK (on_writable_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::can-save", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::has-unapplied", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::mode", G_CALLBACK (update_mode),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
  update_mode (self);

  g_signal_connect_object (self->encryption_row, "notify::selected",
                           G_CALLBACK (on_encryption_selected), self, G_CONNECT_SWAPPED);

  mkm_test_panel_set_settings (self->test_panel, self->settings);
  g_signal_connect_object (self->settings, "notify::smtp-ca-file", G_CALLBACK (update_ca_file),
                           self, G_CONNECT_SWAPPED);
  update_ca_file (self);

  self->keyring = mkm_keyring_new (self->settings);
  g_signal_connect_object (self->keyring, "notify::state", G_CALLBACK (update_password_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->keyring, "notify::message", G_CALLBACK (update_password_status),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::password", G_CALLBACK (on_password_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_row, "changed", G_CALLBACK (on_password_typed),
                           self, G_CONNECT_SWAPPED);
  on_password_changed (self);
  mkm_keyring_load (self->keyring);
  update_password_status (self);
}

static void
mkm_window_dispose (GObject *object)
{
  MkmWindow *self = MKM_WINDOW (object);

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  if (self->keyring != NULL)
    g_signal_handlers_disconnect_by_data (self->keyring, self);
  g_clear_object (&self->keyring);
  if (self->ca_file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_file_chooser));
  g_clear_object (&self->ca_file_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MKM_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mkm_window_parent_class)->dispose (object);
}

static void
mkm_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MkmWindow *self = MKM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MkmWindow *self = MKM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_window_class_init (MkmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mkm_window_constructed;
  object_class->dispose = mkm_window_dispose;
  object_class->get_property = mkm_window_get_property;
  object_class->set_property = mkm_window_set_property;
  window_class->close_request = mkm_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, MKM_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MKM_TYPE_TEST_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/osd/MkmateMail/mkm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, revert_button);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, admin_email_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, admin_email_error_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, admin_email_error);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, default_toggle);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_toggle);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, default_group);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, default_sender_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_group);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, from_address_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, from_address_error_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, from_address_error);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, from_name_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, from_name_error_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, from_name_error);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_host_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_host_error_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_host_error);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_username_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_username_error_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_username_error);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, password_status_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, password_status);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_port_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_port_error_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, smtp_port_error);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, encryption_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, ca_file_clear);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, security_warning_row);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, security_warning);
  gtk_widget_class_bind_template_child (widget_class, MkmWindow, test_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_show_page);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_choose);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_clear);

  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.revert", NULL, revert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
}

static void
mkm_window_init (MkmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_view_stack_set_visible_child_name (self->stack, "integrations");

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "admin-email", self->admin_email_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "from-address", self->from_address_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "from-name", self->from_name_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "smtp-host", self->smtp_host_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "smtp-username", self->smtp_username_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "smtp-port-text", self->smtp_port_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "default-sender", self->default_sender_row, "subtitle",
                        G_BINDING_SYNC_CREATE);
  g_binding_group_bind_full (self->bindings, "mode", self->default_toggle, "active",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             mode_to_active, active_to_mode,
                             GINT_TO_POINTER (MKM_MODE_DEFAULT), NULL);
  g_binding_group_bind_full (self->bindings, "mode", self->smtp_toggle, "active",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             mode_to_active, active_to_mode,
                             GINT_TO_POINTER (MKM_MODE_SMTP), NULL);
  g_binding_group_bind_full (self->bindings, "smtp-encryption", self->encryption_row, "selected",
                             G_BINDING_SYNC_CREATE, encryption_to_selected, NULL, NULL, NULL);
}

MkmWindow *
mkm_window_new (GtkApplication *application,
                MkmSettings    *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MKM_IS_SETTINGS (settings), NULL);

  return g_object_new (MKM_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

MkmSettings *
mkm_window_get_settings (MkmWindow *self)
{
  g_return_val_if_fail (MKM_IS_WINDOW (self), NULL);

  return self->settings;
}

/* Shows the "system" or "integrations" page. */
void
mkm_window_show_page (MkmWindow  *self,
                      const char *name)
{
  g_return_if_fail (MKM_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  adw_view_stack_set_visible_child_name (self->stack, name);
}
