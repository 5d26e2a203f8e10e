/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Renders the window in a given state to a PNG, for looking at it and for
 * data/screenshots. Sends go to the local test SMTP servers.
 *
 *   mkm-screenshot --out FILE [--page system|integrations]
 *                  [--state default|smtp|invalid|success|failure|keyring]
 *                  [--width N] [--height N]
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "mkm-keyring.h"
#include "mkm-test-panel.h"
#include "mkm-test-util.h"
#include "mkm-window.h"

static gboolean
quit_later (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_later, loop);
  g_main_loop_run (loop);
}

static void
save_png (GtkWidget  *window,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
}

static void
fill_smtp (GSettings  *settings,
           const char *host,
           int         port,
           const char *encryption,
           const char *username)
{
  g_settings_set_string (settings, "mode", "smtp");
  g_settings_set_string (settings, "admin-email", "quantri@mkmate.vn");
  g_settings_set_string (settings, "from-address", "no-reply@congty.vn");
  g_settings_set_string (settings, "from-name", "Công ty Mkmate");
  g_settings_set_string (settings, "smtp-host", host);
  g_settings_set_int (settings, "smtp-port", port);
  g_settings_set_string (settings, "smtp-encryption", encryption);
  g_settings_set_string (settings, "smtp-username", username);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *out = NULL;
  g_autofree char *page = NULL;
  g_autofree char *state = NULL;
  int width = 720;
  int height = 1000;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "PNG to write", "FILE" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "system or integrations", "PAGE" },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, "default, smtp, stored, invalid, success, failure", "STATE" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "window width", "N" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "window height", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) stored = NULL;
  g_autoptr(MkmSettings) model = NULL;
  g_autoptr(MkmSmtpFixture) fixture = NULL;
  MkmWindow *window;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MKM_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || out == NULL)
    g_error ("%s", error != NULL ? error->message : "--out is required");

  gtk_init ();
  adw_init ();
  /* GNOME's default title bar buttons: only Close. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  {
    /* What AdwApplication loads for the real application. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/vn/osd/MkmateMail/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  backend = mkm_test_memory_backend ();
  stored = g_settings_new_with_backend (SCHEMA_ID, backend);
  if (state == NULL || g_str_equal (state, "default"))
    g_settings_set_string (stored, "admin-email", "quantri@mkmate.vn");
  else if (g_str_equal (state, "success") || g_str_equal (state, "failure"))
    {
      fixture = mkm_smtp_fixture_start ();
      fill_smtp (stored, "localhost", mkm_smtp_fixture_port (fixture, "starttls"), "tls", "admin@example.test");
      g_settings_set_string (stored, "smtp-ca-file", mkm_smtp_fixture_ca (fixture));
    }
  else
    /* Its own login for "stored", so the other states show no stored password. */
    fill_smtp (stored, "smtp.gmail.com", 587, "tls",
               g_str_equal (state, "stored") ? "mailer@mkmate.vn" : "quantri@mkmate.vn");

  model = mkm_settings_new (backend);
  if (state != NULL && g_str_equal (state, "stored"))
    {
      /* Put a password in the keyring the way Save does. */
      g_autoptr(MkmKeyring) keyring = mkm_keyring_new (model);

      mkm_settings_set_password (model, "app-password-1234");
      mkm_keyring_save_settings (keyring);
      while (mkm_keyring_get_state (keyring) == MKM_KEYRING_STATE_SAVING)
        g_main_context_iteration (NULL, TRUE);
      g_clear_object (&model);
      model = mkm_settings_new (backend);
    }
  window = mkm_window_new (NULL, model);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  mkm_window_show_page (window, page != NULL ? page : "integrations");
  gtk_window_present (GTK_WINDOW (window));
  wait_ms (500);

  if (state != NULL && g_str_equal (state, "invalid"))
    {
      g_object_set (model, "smtp-host", "smtp://smtp.gmail.com:587", "smtp-port-text", "58a7",
                    "smtp-encryption", MKM_ENCRYPTION_SSL, NULL);
    }
  else if (fixture != NULL)
    {
      GObject *panel = gtk_widget_get_template_child (GTK_WIDGET (window), MKM_TYPE_WINDOW, "test_panel");
      GObject *button = gtk_widget_get_template_child (GTK_WIDGET (panel), MKM_TYPE_TEST_PANEL, "test_button");
      GObject *text = gtk_widget_get_template_child (GTK_WIDGET (panel), MKM_TYPE_TEST_PANEL, "text_view");

      mkm_settings_set_password (model, g_str_equal (state, "success") ? "s3cret-Pässword" : "wrong-password");
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)),
                                g_str_has_prefix (g_getenv ("LANGUAGE") ?: "", "vi") ?
                                "Xin chào từ Mkmate Mail." : "Hello from Mkmate Mail.", -1);
      g_signal_emit_by_name (button, "clicked");
      while (mkm_test_panel_get_busy (MKM_TEST_PANEL (panel)))
        g_main_context_iteration (NULL, TRUE);
    }
  wait_ms (700);

  save_png (GTK_WIDGET (window), out);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
