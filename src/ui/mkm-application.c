/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mkm-application.h"
#include "mkm-settings.h"
#include "mkm-window.h"

struct _MkmApplication
{
  AdwApplication  parent_instance;

  MkmSettings    *settings;
};

G_DEFINE_FINAL_TYPE (MkmApplication, mkm_application, ADW_TYPE_APPLICATION)

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const char *developers[] = { "OSD.VN https://mkmate.vn", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (application),
                        "application-name", _("Mkmate Mail"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", "OSD.VN",
                        "version", PACKAGE_VERSION,
                        "website", "https://mkmate.vn",
                        "support-url", "https://mkmate.vn/support",
                        "issue-url", "https://mkmate.vn/support",
                        "comments", _("Choose how Mkmate sends email to your users, and prove that it works."),
                        "copyright", "© 2026 OSD.VN",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name, as “Name <email>”, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated, NULL, NULL, NULL },
};

static void
mkm_application_startup (GApplication *application)
{
  MkmApplication *self = MKM_APPLICATION (application);

  G_APPLICATION_CLASS (mkm_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  self->settings = mkm_settings_new (NULL);
}

static void
mkm_application_activate (GApplication *application)
{
  MkmApplication *self = MKM_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  /* A second launch raises the window that is already open. */
  if (window == NULL)
    window = GTK_WINDOW (mkm_window_new (GTK_APPLICATION (application), self->settings));
  gtk_window_present (window);
}

static void
mkm_application_dispose (GObject *object)
{
  MkmApplication *self = MKM_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mkm_application_parent_class)->dispose (object);
}

static void
mkm_application_class_init (MkmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mkm_application_dispose;
  app_class->startup = mkm_application_startup;
  app_class->activate = mkm_application_activate;
}

static void
mkm_application_init (MkmApplication *self)
{
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Choose how Mkmate sends email, and test it."));
}

MkmApplication *
mkm_application_new (void)
{
  return g_object_new (MKM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/vn/osd/MkmateMail",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
