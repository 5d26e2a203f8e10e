/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mkmate-mail: the command line. --version and --send-test run here, with
 * GLib and src/core only, so they need no display and no GTK; anything else
 * hands over to the window program.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "mkm-cli.h"

static gboolean send_test;
static char *send_test_text;

static gboolean
on_send_test (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  send_test = TRUE;
  g_free (send_test_text);
  send_test_text = g_strdup (value);
  return TRUE;
}

/* The window program: beside this one in a build tree, else installed. */
static char *
window_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "mkmate-mail-window", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (LIBEXECDIR, "mkmate-mail-window", NULL);
}

int
main (int   argc,
      char *argv[])
{
  gboolean version = FALSE;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { "send-test", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, on_send_test,
      N_("Send a test email with the saved settings to the administrator email, and exit"), N_("TEXT") },
    { "verbose", 0, 0, G_OPTION_ARG_NONE, &verbose, N_("With --send-test, also print the SMTP conversation (passwords hidden)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) original = g_strdupv (argv);
  g_autofree char *program = NULL;
  int status;

  setlocale (LC_ALL, "");
  /* MKM_LOCALEDIR lets the build tree's translations be used uninstalled. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MKM_LOCALEDIR") ?: LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Choose how Mkmate sends email, and test it. Without options, opens the window."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options of the window program (GApplication's) pass through. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("mkmate-mail %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (send_test)
    {
      status = mkm_cli_send_test (send_test_text, verbose);
      g_free (send_test_text);
      return status;
    }

  program = window_program ();
  execv (program, original);
  /* Translators: %s is a program's file name, then the reason */
  g_printerr (_("Cannot start %s: %s\n"), program, g_strerror (errno));
  return 1;
}
