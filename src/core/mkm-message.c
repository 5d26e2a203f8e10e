/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "mkm-message.h"
#include "mkm-smtp-error.h"
#include "mkm-validate.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)

static void
ensure_gmime (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}

static char *
checked_address (const char  *address,
                 const char  *what,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *ascii = NULL;

  if (!mkm_validate_email (address != NULL ? address : "", &ascii, &local_error))
    {
      g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                   /* Translators: the first %s names a field, the second says what is wrong */
                   _("%s: %s"), what, local_error->message);
      return NULL;
    }
  return ascii;
}

/**
 * mkm_envelope_new:
 *
 * Checks and converts the addresses of @config for sending. Refuses header
 * injection (CR, LF, NUL) before anything connects.
 */
MkmEnvelope *
mkm_envelope_new (const MkmMailConfig  *config,
                  GError              **error)
{
  g_autoptr(MkmEnvelope) envelope = g_new0 (MkmEnvelope, 1);
  g_autoptr(GError) local_error = NULL;
  gboolean smtp;
  const char *from_address;
  const char *from_name;

  g_return_val_if_fail (config != NULL, NULL);

  smtp = config->mode == MKM_MODE_SMTP;
  from_address = smtp ? config->from_address : config->default_from_address;
  from_name = smtp ? config->from_name : config->default_from_name;

  if (config->admin_email == NULL || *config->admin_email == '\0')
    {
      g_set_error_literal (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                           _("No administrator email is set: test emails go to the address under System › System settings."));
      return NULL;
    }

  envelope->to_address = checked_address (config->admin_email, _("Administrator email"), error);
  if (envelope->to_address == NULL)
    return NULL;
  envelope->from_address = checked_address (from_address, _("From (email)"), error);
  if (envelope->from_address == NULL)
    return NULL;

  if (!mkm_validate_header_text (from_name != NULL ? from_name : "", &local_error))
    {
      g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                   _("%s: %s"), _("Sender name"), local_error->message);
      return NULL;
    }
  envelope->from_name = g_strdup (from_name != NULL ? from_name : "");

  if (smtp)
    envelope->server_label = g_strdup_printf ("%s:%d", config->host, config->port);
  else
    envelope->server_label = g_strdup (config->default_relay_url);

  return g_steal_pointer (&envelope);
}

void
mkm_envelope_free (MkmEnvelope *envelope)
{
  if (envelope == NULL)
    return;
  g_free (envelope->from_name);
  g_free (envelope->from_address);
  g_free (envelope->to_address);
  g_free (envelope->server_label);
  g_free (envelope);
}

/* Whether the envelope needs the server's SMTPUTF8 extension. */
gboolean
mkm_envelope_needs_utf8 (const MkmEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, FALSE);

  return !g_str_is_ascii (envelope->from_address) || !g_str_is_ascii (envelope->to_address);
}

static char *
footer (const MkmMailConfig *config,
        const MkmEnvelope   *envelope,
        GDateTime           *now)
{
  g_autofree char *when = g_date_time_format (now, "%c");
  const char *mode = config->mode == MKM_MODE_SMTP ? _("SMTP") : _("Default");

  if (config->mode == MKM_MODE_SMTP)
    /* Translators: footer of the test email. %s: date and time; %s: mode;
     * %s: server:port; %s: encryption */
    return g_strdup_printf (_("Sent by Mkmate Mail at %s.\nMode: %s. Server: %s. Encryption: %s."),
                            when, mode, envelope->server_label,
                            mkm_encryption_to_label (config->encryption));
  /* Translators: footer of the test email. %s: date and time; %s: mode */
  return g_strdup_printf (_("Sent by Mkmate Mail at %s.\nMode: %s (the vendor's service)."),
                          when, mode);
}

/**
 * mkm_message_compose:
 *
 * Builds the test email with GMime: From (encoded name), To, Subject with a
 * short unique token, Date, Message-ID on the sender's domain, MIME-Version
 * and a UTF-8 text/plain body with the encoding GMime finds best.
 *
 * Returns: (transfer full): the message with CRLF line ends
 */
GBytes *
mkm_message_compose (const MkmMailConfig  *config,
                     const MkmEnvelope    *envelope,
                     const char           *text,
                     GDateTime            *now,
                     char                **message_id_out,
                     GError              **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeTextPart) part = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autofree char *token = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *message_id = NULL;
  GMimeFormatOptions *options;
  GByteArray *bytes;
  const char *domain;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (envelope != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  ensure_gmime ();

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                           _("The test text is not valid UTF-8"));
      return NULL;
    }

  token = g_strdup_printf ("%08x", g_random_int ());
  domain = strrchr (envelope->from_address, '@') + 1;
  message_id = g_strdup_printf ("mkmate-test.%s.%" G_GINT64_FORMAT "@%s", token,
                                g_date_time_to_unix (now), domain);
  /* Translators: subject of the test email; %s is a short unique code */
  subject = g_strdup_printf (_("Mkmate test email [%s]"), token);
  tail = footer (config, envelope, now);
  body = g_strdup_printf ("%s\n\n-- \n%s\n", text, tail);

  message = g_mime_message_new (TRUE);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM,
                              *envelope->from_name != '\0' ? envelope->from_name : NULL,
                              envelope->from_address);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_TO, NULL, envelope->to_address);
  g_mime_message_set_subject (message, subject, "utf-8");
  g_mime_message_set_date (message, now);
  g_mime_message_set_message_id (message, message_id);

  part = g_mime_text_part_new_with_subtype ("plain");
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_text_part_set_text (part, body);
  g_mime_part_set_content_encoding (GMIME_PART (part),
                                    g_mime_part_get_best_content_encoding (GMIME_PART (part),
                                                                           GMIME_ENCODING_CONSTRAINT_7BIT));
  g_mime_message_set_mime_part (message, GMIME_OBJECT (part));

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  stream = g_mime_stream_mem_new ();
  g_mime_object_write_to_stream (GMIME_OBJECT (message), options, stream);
  g_mime_format_options_free (options);

  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  if (message_id_out != NULL)
    *message_id_out = g_steal_pointer (&message_id);
  return g_bytes_new (bytes->data, bytes->len);
}
