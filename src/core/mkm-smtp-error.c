/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mkm-smtp-error.h"

/*
 * The error catalogue: every failure of a send has a code, and each code a
 * title, a cause and a fix in plain words. The GError carries what the
 * explanation needs (stage, the server's reply, encryption and port).
 */

typedef struct
{
  MkmStage       stage;
  char          *reply;
  char          *subject;   /* the host or address the failure is about */
  MkmEncryption  encryption;
  int            port;
  char          *transcript;
} MkmSmtpErrorPrivate;

static void
mkm_smtp_error_private_init (MkmSmtpErrorPrivate *priv)
{
  priv->stage = MKM_STAGE_RESOLVE;
  priv->encryption = MKM_ENCRYPTION_TLS;
}

static void
mkm_smtp_error_private_copy (const MkmSmtpErrorPrivate *src,
                             MkmSmtpErrorPrivate       *dest)
{
  dest->stage = src->stage;
  dest->reply = g_strdup (src->reply);
  dest->subject = g_strdup (src->subject);
  dest->encryption = src->encryption;
  dest->port = src->port;
  dest->transcript = g_strdup (src->transcript);
}

static void
mkm_smtp_error_private_clear (MkmSmtpErrorPrivate *priv)
{
  g_free (priv->reply);
  g_free (priv->subject);
  g_free (priv->transcript);
}

G_DEFINE_EXTENDED_ERROR (MkmSmtpError, mkm_smtp_error)

void
mkm_smtp_error_set_details (GError        *error,
                            MkmStage       stage,
                            const char    *server_reply,
                            const char    *subject,
                            MkmEncryption  encryption,
                            int            port,
                            const char    *transcript)
{
  MkmSmtpErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == MKM_SMTP_ERROR);

  priv = mkm_smtp_error_get_private (error);
  priv->stage = stage;
  g_free (priv->reply);
  priv->reply = g_strdup (server_reply);
  g_free (priv->subject);
  priv->subject = g_strdup (subject);
  priv->encryption = encryption;
  priv->port = port;
  g_free (priv->transcript);
  priv->transcript = g_strdup (transcript);
}

MkmStage
mkm_smtp_error_get_stage (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == MKM_SMTP_ERROR, MKM_STAGE_RESOLVE);

  return mkm_smtp_error_get_private (error)->stage;
}

const char *
mkm_smtp_error_get_reply (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == MKM_SMTP_ERROR, NULL);

  return mkm_smtp_error_get_private (error)->reply;
}

const char *
mkm_smtp_error_get_transcript (const GError *error)
{
  g_return_val_if_fail (error != NULL && error->domain == MKM_SMTP_ERROR, NULL);

  return mkm_smtp_error_get_private (error)->transcript;
}

static const char *
stage_activity (MkmStage stage)
{
  switch (stage)
    {
    case MKM_STAGE_RESOLVE:
      return _("looking up the server");
    case MKM_STAGE_CONNECT:
      return _("connecting");
    case MKM_STAGE_TLS:
      return _("securing the connection");
    case MKM_STAGE_GREETING:
      return _("waiting for the server's greeting");
    case MKM_STAGE_AUTH:
      return _("signing in");
    case MKM_STAGE_MAIL_FROM:
      return _("sending the From address (MAIL FROM)");
    case MKM_STAGE_RCPT_TO:
      return _("sending the recipient address (RCPT TO)");
    case MKM_STAGE_DATA:
    case MKM_STAGE_ACCEPTED:
    case MKM_N_STAGES:
    default:
      return _("sending the message");
    }
}

/**
 * mkm_smtp_error_explain:
 * @error: any error a send returned
 *
 * Returns: (transfer full): title, cause and fix, translated
 */
MkmExplanation *
mkm_smtp_error_explain (const GError *error)
{
  g_autoptr(MkmExplanation) e = g_new0 (MkmExplanation, 1);
  const MkmSmtpErrorPrivate *priv;
  const char *subject;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != MKM_SMTP_ERROR)
    {
      e->title = g_strdup (_("The test email could not be sent"));
      e->cause = g_strdup (error->message);
      e->fix = g_strdup (_("Correct the problem above and try again."));
      return g_steal_pointer (&e);
    }

  priv = mkm_smtp_error_get_private (error);
  subject = priv->subject != NULL ? priv->subject : "";
  e->server_reply = g_strdup (priv->reply);

  switch ((MkmSmtpError) error->code)
    {
    case MKM_SMTP_ERROR_INVALID_CONFIG:
      e->title = g_strdup (_("The settings are not complete"));
      e->cause = g_strdup (error->message);
      e->fix = g_strdup (_("Correct the marked field and try again."));
      break;

    case MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE:
      e->title = g_strdup (_("The password is not available"));
      e->cause = g_strdup (error->message);
      e->fix = g_strdup (_("Unlock the keyring, or open Mkmate Mail and type the password, then test again."));
      break;

    case MKM_SMTP_ERROR_HOST_NOT_FOUND:
      e->title = g_strdup (_("Server not found"));
      /* Translators: %s is a server name */
      e->cause = g_strdup_printf (_("No server called “%s” could be found."), subject);
      e->fix = g_strdup (_("Check the spelling of the server name, and that this computer can reach the network."));
      break;

    case MKM_SMTP_ERROR_CONNECTION_REFUSED:
      e->title = g_strdup (_("Connection refused"));
      /* Translators: %s is a server name, %d a port number */
      e->cause = g_strdup_printf (_("No mail server accepts connections on %s, port %d."), subject, priv->port);
      e->fix = g_strdup (_("Check the port (usually 465, 587 or 25). The server may be down, or a firewall refuses the connection."));
      break;

    case MKM_SMTP_ERROR_TIMED_OUT:
      e->title = g_strdup (_("The server did not answer in time"));
      if (priv->stage == MKM_STAGE_GREETING && priv->port == 465 && priv->encryption != MKM_ENCRYPTION_SSL)
        {
          e->cause = g_strdup (_("Port 465 expects SSL from the first byte, so the server waits and never greets a connection without it."));
          e->fix = g_strdup (_("Choose SSL, or use port 587 for TLS."));
        }
      else if (priv->stage == MKM_STAGE_GREETING)
        {
          e->cause = g_strdup (_("The server accepted the connection but never sent its greeting."));
          e->fix = g_strdup (_("Check the port and encryption. The server may be overloaded, or something between you and it holds the connection."));
        }
      else if (priv->stage == MKM_STAGE_RESOLVE)
        {
          e->cause = g_strdup (_("Looking up the server name took too long."));
          e->fix = g_strdup (_("Check this computer's network and name service (DNS), then try again."));
        }
      else if (priv->stage == MKM_STAGE_CONNECT)
        {
          /* Translators: %d is a port number */
          e->cause = g_strdup_printf (_("The connection to port %d never completed."), priv->port);
          e->fix = g_strdup (_("A firewall may be dropping the traffic: check the port, or try another network."));
        }
      else
        {
          /* Translators: %s says what was happening, e.g. “signing in” */
          e->cause = g_strdup_printf (_("The server stopped answering while %s."), stage_activity (priv->stage));
          e->fix = g_strdup (_("Try again later. If it keeps happening, raise the time limit or ask the mail provider."));
        }
      break;

    case MKM_SMTP_ERROR_TLS_HANDSHAKE:
      e->title = g_strdup (_("The secure connection failed"));
      if (priv->encryption == MKM_ENCRYPTION_SSL && (priv->port == 587 || priv->port == 25))
        {
          /* Translators: %d is a port number */
          e->cause = g_strdup_printf (_("The server on port %d expects TLS (STARTTLS), not SSL."), priv->port);
          e->fix = g_strdup (_("Choose TLS, or use port 465 for SSL."));
        }
      else
        {
          e->cause = g_strdup (_("The server and this computer could not agree on a secure connection, or the port does not speak SSL/TLS."));
          e->fix = g_strdup (_("Check the encryption and port your provider documents: usually SSL on port 465 and TLS on port 587."));
        }
      break;

    case MKM_SMTP_ERROR_CERT_UNTRUSTED:
      e->title = g_strdup (_("The server's certificate is not trusted"));
      e->cause = g_strdup (_("The certificate is not signed by an authority this computer trusts: it may be self-signed or from a private certificate authority."));
      e->fix = g_strdup (_("If the server uses your organization's own certificate authority, choose its certificate as the Extra CA certificate. Otherwise ask the mail provider."));
      break;

    case MKM_SMTP_ERROR_CERT_EXPIRED:
      e->title = g_strdup (_("The server's certificate has expired"));
      e->cause = g_strdup (_("The certificate the server presented is out of date (expired, or not valid yet)."));
      e->fix = g_strdup (_("The server's administrator must renew the certificate. Check also that this computer's clock is right."));
      break;

    case MKM_SMTP_ERROR_CERT_NAME_MISMATCH:
      e->title = g_strdup (_("The certificate is for another server name"));
      /* Translators: %s is a server name */
      e->cause = g_strdup_printf (_("The server's certificate does not name “%s”."), subject);
      e->fix = g_strdup (_("Type the server name exactly as your provider gives it (the name on its certificate), not an IP address or alias. A private certificate authority can be trusted as the Extra CA certificate."));
      break;

    case MKM_SMTP_ERROR_STARTTLS_NOT_OFFERED:
      e->title = g_strdup (_("The server does not offer TLS (STARTTLS)"));
      e->cause = g_strdup (_("TLS was chosen, but the server did not offer STARTTLS. Nothing was sent: the password never crossed the network in clear text."));
      e->fix = g_strdup (_("Use SSL on port 465 if the server supports it. Choose None only on a network you trust."));
      break;

    case MKM_SMTP_ERROR_STARTTLS_REFUSED:
      e->title = g_strdup (_("The server refused to start TLS"));
      e->cause = g_strdup (_("The server offers STARTTLS but refused it when asked. Nothing was sent: the password never crossed the network in clear text."));
      e->fix = g_strdup (_("The server may be misconfigured or overloaded; read its reply, try again later, or use SSL on port 465."));
      break;

    case MKM_SMTP_ERROR_AUTH_REQUIRED:
      e->title = g_strdup (_("The server requires sign-in"));
      e->cause = g_strdup (_("The server accepts mail only from signed-in users."));
      e->fix = g_strdup (_("Enter the Username and Password of the mail account."));
      break;

    case MKM_SMTP_ERROR_AUTH_REJECTED:
      e->title = g_strdup (_("Username or password rejected"));
      e->cause = g_strdup (_("The server refused to sign in with this username and password."));
      e->fix = g_strdup (_("Check both. Gmail and Outlook accounts with two-step verification need an app password instead of the normal password."));
      break;

    case MKM_SMTP_ERROR_AUTH_NOT_OFFERED:
      e->title = g_strdup (_("The server does not offer sign-in"));
      e->cause = g_strdup (_("A username is set, but the server offers no sign-in method (AUTH) that Mkmate Mail can use on this connection. Nothing was sent."));
      e->fix = g_strdup (_("Many servers offer sign-in only over an encrypted connection: choose TLS or SSL. If this server needs no login, leave Username empty."));
      break;

    case MKM_SMTP_ERROR_SENDER_REJECTED:
      e->title = g_strdup (_("Sender address refused"));
      e->cause = g_strdup (_("The server will not let this account send as this From address."));
      e->fix = g_strdup (_("Use a From address that belongs to the account (often the username itself), or add it as an alias at the mail provider."));
      break;

    case MKM_SMTP_ERROR_RECIPIENT_REJECTED:
      e->title = g_strdup (_("Recipient refused"));
      /* Translators: %s is an email address */
      e->cause = g_strdup_printf (_("The server refused to deliver to %s."), subject);
      e->fix = g_strdup (_("Check the Administrator email under System › System settings. Some servers deliver to other domains only for signed-in users: set a username and password."));
      break;

    case MKM_SMTP_ERROR_MESSAGE_REJECTED:
      e->title = g_strdup (_("Message refused"));
      e->cause = g_strdup (_("The server received the message but refused to deliver it."));
      e->fix = g_strdup (_("Read the server's reply: it is often a spam filter, or a size or content rule of the provider."));
      break;

    case MKM_SMTP_ERROR_SESSION_REFUSED:
      e->title = g_strdup (_("The server refused the connection"));
      e->cause = g_strdup (_("The server answered with an error instead of a greeting."));
      e->fix = g_strdup (_("The server may block this computer's address or be unavailable for now. Read its reply, and try again later."));
      break;

    case MKM_SMTP_ERROR_CONNECTION_LOST:
      e->title = g_strdup (_("Connection lost"));
      /* Translators: %s says what was happening, e.g. “sending the message” */
      e->cause = g_strdup_printf (_("The server closed the connection while %s."), stage_activity (priv->stage));
      e->fix = g_strdup (_("Try again. If it keeps happening, check the encryption and port, or ask the mail provider."));
      break;

    case MKM_SMTP_ERROR_NOT_SMTP:
      e->title = g_strdup (_("This is not an SMTP server"));
      /* Translators: %d is a port number */
      e->cause = g_strdup_printf (_("The program answering on port %d does not speak SMTP."), priv->port);
      e->fix = g_strdup (_("Check the server name and port: mail servers usually listen on 465, 587 or 25."));
      break;

    case MKM_SMTP_ERROR_SMTPUTF8_NOT_OFFERED:
      e->title = g_strdup (_("The server cannot take this address"));
      /* Translators: %s is an email address */
      e->cause = g_strdup_printf (_("%s has letters outside ASCII before “@”, and this server does not support such addresses (SMTPUTF8). Nothing was sent."), subject);
      e->fix = g_strdup (_("Use an address with only ASCII letters before “@”, or a server that supports SMTPUTF8."));
      break;

    case MKM_SMTP_ERROR_CANCELLED:
      e->title = g_strdup (_("Test canceled"));
      e->cause = g_strdup (_("The test was stopped before the server accepted the message."));
      e->fix = g_strdup (_("Press Test to try again."));
      break;

    case MKM_SMTP_ERROR_FAILED:
    default:
      e->title = g_strdup (_("The test email could not be sent"));
      e->cause = g_strdup (error->message);
      e->fix = g_strdup (_("Check the settings and the details below, then try again."));
      break;
    }

  return g_steal_pointer (&e);
}

/* One paragraph for the command line: title, cause, fix, reply. */
char *
mkm_explanation_to_string (const MkmExplanation *explanation)
{
  GString *out;

  g_return_val_if_fail (explanation != NULL, NULL);

  out = g_string_new (explanation->title);
  g_string_append_printf (out, "\n%s\n%s", explanation->cause, explanation->fix);
  if (explanation->server_reply != NULL && *explanation->server_reply != '\0')
    {
      g_string_append_c (out, '\n');
      /* Translators: %s is the server's reply, verbatim */
      g_string_append_printf (out, _("Server reply: %s"), explanation->server_reply);
    }
  return g_string_free (out, FALSE);
}

void
mkm_explanation_free (MkmExplanation *explanation)
{
  if (explanation == NULL)
    return;
  g_free (explanation->title);
  g_free (explanation->cause);
  g_free (explanation->fix);
  g_free (explanation->server_reply);
  g_free (explanation);
}
