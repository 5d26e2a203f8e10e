/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "mkm-cli.h"
#include "mkm-secret.h"
#include "mkm-settings.h"
#include "mkm-smtp.h"

/*
 * mkmate-mail --send-test: the saved settings and the keyring password, no
 * display needed. One line of result on stdout; on failure the explanation
 * the window shows goes to stderr.
 */

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  MkmMailConfig *config;
  const char    *text;
  gboolean       verbose;
  int            status;
} CliSend;

static void
print_failure (CliSend      *cli,
               const GError *error)
{
  g_autoptr(MkmExplanation) explanation = mkm_smtp_error_explain (error);
  g_autofree char *paragraph = mkm_explanation_to_string (explanation);

  /* Translators: one line printed when the test fails; %s is the reason */
  g_print (_("Test failed: %s\n"), explanation->title);
  g_printerr ("%s\n", paragraph);
  if (cli->verbose && error->domain == MKM_SMTP_ERROR && mkm_smtp_error_get_transcript (error) != NULL)
    g_printerr ("\n%s", mkm_smtp_error_get_transcript (error));
  cli->status = 1;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CliSend *cli = user_data;
  g_autoptr(MkmSendResult) sent = NULL;
  g_autoptr(GError) error = NULL;

  sent = mkm_smtp_send_test_finish (result, &error);
  if (sent == NULL)
    print_failure (cli, error);
  else
    {
      g_autofree char *when = g_date_time_format (sent->sent_at, "%c");

      /* Translators: printed after a successful test; %s: address, time, server reply */
      g_print (_("Test email sent to %s at %s. Server reply: %s\n"),
               sent->recipient, when, sent->server_reply);
      if (cli->verbose)
        g_printerr ("%s", sent->transcript);
      cli->status = 0;
    }
  g_main_loop_quit (cli->loop);
}

static void
send (CliSend *cli)
{
  mkm_smtp_send_test_async (cli->config, cli->text, cli->cancellable, NULL, NULL, on_sent, cli);
}

static void
on_password (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CliSend *cli = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = mkm_secret_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_autoptr(GError) smtp_error = g_error_new_literal (MKM_SMTP_ERROR, MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE,
                                                          error->message);

      print_failure (cli, smtp_error);
      g_main_loop_quit (cli->loop);
      return;
    }
  if (password == NULL)
    {
      g_autoptr(GError) smtp_error =
        g_error_new (MKM_SMTP_ERROR, MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE,
                     /* Translators: %s are a username and a server name */
                     _("No password is stored in the keyring for %s on %s. Open Mkmate Mail, type the password and save."),
                     cli->config->username, cli->config->host);

      print_failure (cli, smtp_error);
      g_main_loop_quit (cli->loop);
      return;
    }

  /* The snapshot is not shared with any thread yet. */
  mkm_password_free (cli->config->password);
  cli->config->password = password;
  send (cli);
}

static gboolean
on_interrupt (gpointer user_data)
{
  CliSend *cli = user_data;

  g_cancellable_cancel (cli->cancellable);
  return G_SOURCE_CONTINUE;
}

int
mkm_cli_send_test (const char *text,
                   gboolean    verbose)
{
  g_autoptr(MkmSettings) settings = mkm_settings_new (NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MkmMailConfig) config = mkm_settings_snapshot (settings);
  CliSend cli = { loop, cancellable, config, text, verbose, 1 };
  guint sigint;

  if (cli.text == NULL || *cli.text == '\0')
    cli.text = _("This is a test email from Mkmate Mail.");

  sigint = g_unix_signal_add (SIGINT, on_interrupt, &cli);

  if (config->mode == MKM_MODE_SMTP && config->username != NULL && *config->username != '\0')
    mkm_secret_lookup_async (config->host, config->username, cancellable, on_password, &cli);
  else
    send (&cli);

  g_main_loop_run (loop);
  g_source_remove (sigint);
  return cli.status;
}
