/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window in Vietnamese, with the translations built in the build tree. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "mkm-test-util.h"
#include "mkm-window.h"

static const char *
title_of (MkmWindow  *window,
          const char *name)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (window), MKM_TYPE_WINDOW, name);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
test_vietnamese_window (void)
{
  g_autoptr(GSettingsBackend) backend = mkm_test_memory_backend ();
  g_autoptr(MkmSettings) model = mkm_settings_new (backend);
  MkmWindow *window = g_object_ref_sink (mkm_window_new (NULL, model));
  GObject *save = gtk_widget_get_template_child (GTK_WIDGET (window), MKM_TYPE_WINDOW, "save_button");
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), MKM_TYPE_WINDOW, "stack");
  AdwViewStackPage *system = adw_view_stack_get_page (ADW_VIEW_STACK (stack),
                                                      adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "system"));

  g_assert_cmpstr (title_of (window, "smtp_host_row"), ==, "Máy chủ");
  g_assert_cmpstr (title_of (window, "password_row"), ==, "Mật khẩu");
  g_assert_cmpstr (title_of (window, "smtp_port_row"), ==, "Cổng");
  g_assert_cmpstr (title_of (window, "encryption_row"), ==, "Mã hóa");
  g_assert_cmpstr (title_of (window, "smtp_username_row"), ==, "Tên đăng nhập");
  g_assert_cmpstr (title_of (window, "mode_row"), ==, "Giao thức email");
  g_assert_cmpstr (title_of (window, "from_address_row"), ==, "From (email)");
  g_assert_cmpstr (adw_view_stack_page_get_title (system), ==, "Hệ thống");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (save)), ==, "Lưu");

  /* Messages made in src/core follow the language too. */
  g_object_set (model, "smtp-port-text", "58a7", NULL);
  g_assert_cmpstr (mkm_settings_get_error (model, MKM_FIELD_SMTP_PORT), ==,
                   "Cổng chỉ gồm chữ số, ví dụ 587");

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("MKM_BUILD_DIR"), "po", NULL);

  g_setenv ("LANGUAGE", "vi", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/i18n/vietnamese-window", test_vietnamese_window);
  return g_test_run ();
}
