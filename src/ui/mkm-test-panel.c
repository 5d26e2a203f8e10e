/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mkm-smtp.h"
#include "mkm-test-panel.h"

/*
 * The Test area: text to send, the Test/Cancel button, the live checklist
 * and the result. The send itself runs in src/core on a worker thread.
 */

struct _MkmTestPanel
{
  AdwPreferencesGroup parent_instance;

  MkmSettings    *settings;
  GCancellable   *cancellable;
  GtkWidget      *stage_rows[MKM_N_STAGES];
  GtkWidget      *stage_icons[MKM_N_STAGES];
  GtkWidget      *stage_times[MKM_N_STAGES];
  char           *diagnostics;

  /* template widgets */
  GtkTextView    *text_view;
  AdwActionRow   *recipient_row;
  GtkWidget      *open_system_button;
  GtkWidget      *test_button;
  GtkSpinner     *spinner;
  GtkLabel       *test_label;
  GtkWidget      *result_row;
  GtkImage       *result_icon;
  GtkLabel       *result_title;
  GtkLabel       *result_cause;
  GtkLabel       *result_fix;
  GtkLabel       *result_reply;
  GtkWidget      *details_row;
  GtkLabel       *transcript_label;
};

G_DEFINE_FINAL_TYPE (MkmTestPanel, mkm_test_panel, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_PAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_recipient (MkmTestPanel *self)
{
  const char *admin = self->settings != NULL ? mkm_settings_get_string (self->settings, "admin-email") : "";
  gboolean missing = admin == NULL || *admin == '\0';

  adw_action_row_set_subtitle (self->recipient_row,
                               missing ? _("No administrator email is set: test emails go to the address under System › System settings.")
                                       : admin);
  gtk_widget_set_visible (self->open_system_button, missing);
  gtk_widget_set_sensitive (self->test_button, !missing || mkm_test_panel_get_busy (self));
}

static void
set_busy (MkmTestPanel *self,
          gboolean      busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_label (self->test_label, busy ? _("Cancel") : _("Test"));
  if (busy)
    {
      gtk_widget_remove_css_class (self->test_button, "suggested-action");
      gtk_widget_set_tooltip_text (self->test_button, _("Stop the test"));
    }
  else
    {
      gtk_widget_add_css_class (self->test_button, "suggested-action");
      gtk_widget_set_tooltip_text (self->test_button, _("Send a test email now"));
    }
  update_recipient (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_stage (MkmTestPanel  *self,
           MkmStage       stage,
           MkmStageState  state)
{
  static const char * const icons[] = {
    "content-loading-symbolic", "object-select-symbolic", "dialog-error-symbolic",
  };
  GtkWidget *icon = self->stage_icons[stage];

  gtk_widget_set_visible (self->stage_rows[stage], TRUE);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icons[state]);
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "dim-label");
  gtk_widget_add_css_class (icon, state == MKM_STAGE_STATE_DONE ? "success" :
                                  state == MKM_STAGE_STATE_FAILED ? "error" : "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stage_rows[stage]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  state == MKM_STAGE_STATE_DONE ? _("Done") :
                                  state == MKM_STAGE_STATE_FAILED ? _("Failed") : _("In progress"),
                                  -1);
}

static void
on_progress (MkmStage      stage,
             MkmStageState state,
             gpointer      user_data)
{
  set_stage (MKM_TEST_PANEL (user_data), stage, state);
}

static void
show_result (MkmTestPanel *self,
             gboolean      success,
             const char   *title,
             const char   *cause,
             const char   *fix,
             const char   *reply,
             const char   *transcript)
{
  gtk_widget_set_visible (self->result_row, TRUE);
  gtk_image_set_from_icon_name (self->result_icon, success ? "object-select-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), success ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), success ? "success" : "error");
  gtk_label_set_label (self->result_title, title);
  gtk_label_set_label (self->result_cause, cause ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_cause), cause != NULL && *cause != '\0');
  gtk_label_set_label (self->result_fix, fix ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_fix), fix != NULL && *fix != '\0');
  gtk_label_set_label (self->result_reply, reply ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_reply), reply != NULL && *reply != '\0');
  gtk_label_set_label (self->transcript_label, transcript ?: "");
  gtk_widget_set_visible (self->details_row, transcript != NULL && *transcript != '\0');
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MkmTestPanel) self = user_data;
  g_autoptr(MkmSendResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = mkm_smtp_describe_versions ();

  sent = mkm_smtp_send_test_finish (result, &error);

  /* A panel being destroyed has nobody to show the result to. */
  if (self->cancellable == NULL)
    return;
  g_clear_object (&self->cancellable);

  if (sent != NULL)
    {
      g_autofree char *when = g_date_time_format (sent->sent_at, "%X");
      g_autofree char *title = NULL;
      g_autofree char *cause = NULL;
      GtkWidget *overlay;

      /* Translators: %s is an email address */
      title = g_strdup_printf (_("Test email sent to %s"), sent->recipient);
      /* Translators: %s is a time of day */
      cause = g_strdup_printf (_("The server accepted it at %s. Check the inbox (and the spam folder) of the administrator email."), when);
      show_result (self, TRUE, title, cause, NULL, sent->server_reply, sent->transcript);

      /* How long each step took, for the administrator who wonders. */
      for (guint i = 0; i < MKM_N_STAGES; i++)
        if (sent->stage_usec[i] >= 0)
          {
            int ms = (int) ((sent->stage_usec[i] + 500) / 1000);
            /* Translators: a duration in milliseconds */
            g_autofree char *duration = g_strdup_printf (ngettext ("%d ms", "%d ms", ms), ms);

            gtk_label_set_label (GTK_LABEL (self->stage_times[i]), duration);
          }
      g_free (self->diagnostics);
      self->diagnostics = g_strdup_printf ("%s\n%s\n%s\n\n%s", title, sent->server_reply, versions, sent->transcript);

      overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
    }
  else
    {
      g_autoptr(MkmExplanation) explanation = mkm_smtp_error_explain (error);
      const char *transcript = error->domain == MKM_SMTP_ERROR ? mkm_smtp_error_get_transcript (error) : NULL;
      g_autofree char *reply = NULL;

      if (explanation->server_reply != NULL)
        /* Translators: %s is the server's reply, verbatim */
        reply = g_strdup_printf (_("Server reply: %s"), explanation->server_reply);
      show_result (self, FALSE, explanation->title, explanation->cause, explanation->fix, reply, transcript);
      g_free (self->diagnostics);
      {
        /* The same paragraph the command line prints. */
        g_autofree char *paragraph = mkm_explanation_to_string (explanation);

        self->diagnostics = g_strdup_printf ("%s\n%s\n\n%s", paragraph, versions, transcript ?: "");
      }
    }
  set_busy (self, FALSE);
}

static void
start (MkmTestPanel *self)
{
  g_autoptr(MkmMailConfig) config = mkm_settings_snapshot (self->settings);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start_iter, end_iter;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start_iter, &end_iter);
  text = gtk_text_buffer_get_text (buffer, &start_iter, &end_iter, FALSE);

  for (guint i = 0; i < MKM_N_STAGES; i++)
    {
      gtk_widget_set_visible (self->stage_rows[i], FALSE);
      gtk_label_set_label (GTK_LABEL (self->stage_times[i]), "");
    }
  gtk_widget_set_visible (self->result_row, FALSE);
  gtk_widget_set_visible (self->details_row, FALSE);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  mkm_smtp_send_test_async (config, text, self->cancellable, on_progress, self,
                            on_sent, g_object_ref (self));
}

static void
on_test_clicked (MkmTestPanel *self)
{
  if (mkm_test_panel_get_busy (self))
    mkm_test_panel_cancel (self);
  else
    start (self);
}

static void
on_open_system_clicked (MkmTestPanel *self)
{
  g_signal_emit (self, signals[SHOW_PAGE], 0, "system");
}

static void
on_copy_clicked (MkmTestPanel *self)
{
  GtkWidget *overlay;

  if (self->diagnostics == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->diagnostics);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (_("Diagnostics copied")));
}

/* Stops a running test; the result then says it was cancelled. */
void
mkm_test_panel_cancel (MkmTestPanel *self)
{
  g_return_if_fail (MKM_IS_TEST_PANEL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
mkm_test_panel_get_busy (MkmTestPanel *self)
{
  g_return_val_if_fail (MKM_IS_TEST_PANEL (self), FALSE);

  return self->cancellable != NULL;
}

void
mkm_test_panel_set_settings (MkmTestPanel *self,
                             MkmSettings  *settings)
{
  g_return_if_fail (MKM_IS_TEST_PANEL (self));
  g_return_if_fail (settings == NULL || MKM_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    g_signal_connect_object (settings, "notify::admin-email", G_CALLBACK (update_recipient),
                             self, G_CONNECT_SWAPPED);
  update_recipient (self);
}

static void
mkm_test_panel_dispose (GObject *object)
{
  MkmTestPanel *self = MKM_TEST_PANEL (object);

  /* Closing the window stops the send; its callback then finds no panel work. */
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MKM_TYPE_TEST_PANEL);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mkm_test_panel_parent_class)->dispose (object);
}

static void
mkm_test_panel_finalize (GObject *object)
{
  MkmTestPanel *self = MKM_TEST_PANEL (object);

  g_free (self->diagnostics);

  G_OBJECT_CLASS (mkm_test_panel_parent_class)->finalize (object);
}

static void
mkm_test_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MkmTestPanel *self = MKM_TEST_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, mkm_test_panel_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_test_panel_class_init (MkmTestPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mkm_test_panel_dispose;
  object_class->finalize = mkm_test_panel_finalize;
  object_class->get_property = mkm_test_panel_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MkmTestPanel::show-page:
   * @name: the page of the window to show
   */
  signals[SHOW_PAGE] =
    g_signal_new ("show-page", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/osd/MkmateMail/mkm-test-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, text_view);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, open_system_button);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, test_button);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, test_label);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, result_row);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, result_icon);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, result_title);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, result_cause);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, result_fix);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, result_reply);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, details_row);
  gtk_widget_class_bind_template_child (widget_class, MkmTestPanel, transcript_label);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_system_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
}

static void
mkm_test_panel_init (MkmTestPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One checklist row per stage, in the order they happen, between the
   * Test button and the result. */
  g_object_ref (self->result_row);
  g_object_ref (self->details_row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->result_row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->details_row);
  for (guint i = 0; i < MKM_N_STAGES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new ();
      GtkWidget *time = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mkm_stage_to_label (i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (time, "dim-label");
      gtk_widget_add_css_class (time, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), time);
      gtk_widget_add_css_class (row, "mkm-stage");
      gtk_widget_set_visible (row, FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      self->stage_rows[i] = row;
      self->stage_icons[i] = icon;
      self->stage_times[i] = time;
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->result_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->details_row);
  g_object_unref (self->result_row);
  g_object_unref (self->details_row);
  set_busy (self, FALSE);
}
