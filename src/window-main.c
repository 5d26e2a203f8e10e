/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mkmate-mail-window: the settings window, started by mkmate-mail. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "mkm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MkmApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MKM_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mkm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
