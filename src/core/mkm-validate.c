/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "mkm-validate.h"

G_DEFINE_QUARK (mkm-validate-error-quark, mkm_validate_error)

#define LOCAL_PART_MAX 64
#define ADDRESS_MAX 254
#define HOST_MAX 253
#define LABEL_MAX 63

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

/* Checks shared by every value that ends up in a mail header. */
static gboolean
check_text (const char  *text,
            GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Contains characters that are not valid text"));
      return FALSE;
    }
  if (has_control (text))
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_CONTROL,
                           _("Must not contain line breaks, tabs or other control characters"));
      return FALSE;
    }
  return TRUE;
}

gboolean
mkm_validate_header_text (const char  *text,
                          GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_text (text, error))
    return FALSE;
  if (g_utf8_strlen (text, -1) > MKM_DISPLAY_NAME_MAX)
    {
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_TOO_LONG,
                   /* Translators: %d is the largest number of characters allowed */
                   ngettext ("Too long: at most %d character", "Too long: at most %d characters",
                             MKM_DISPLAY_NAME_MAX),
                   MKM_DISPLAY_NAME_MAX);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_atext (gunichar c)
{
  /* RFC 5322 atext; non-ASCII is allowed as in RFC 6531 */
  return c > 0x7f || g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* Validates an LDH host name (already in ASCII) label by label. */
static gboolean
check_dns_name (const char  *ascii,
                const char  *shown,
                GError     **error)
{
  g_auto(GStrv) labels = NULL;

  if (strlen (ascii) > HOST_MAX)
    {
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_TOO_LONG,
                   /* Translators: %d is a number of characters */
                   _("Too long: a server name has at most %d characters"), HOST_MAX);
      return FALSE;
    }
  if (ascii[0] == '.' || g_str_has_suffix (ascii, ".") || strstr (ascii, "..") != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Dots must separate names: no dot at the start or end, and never two in a row"));
      return FALSE;
    }

  labels = g_strsplit (ascii, ".", -1);
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len > LABEL_MAX)
        {
          g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_TOO_LONG,
                       /* Translators: %d is a number of characters */
                       _("Each part between dots has at most %d characters"), LABEL_MAX);
          return FALSE;
        }
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isalnum (label[j]) && label[j] != '-')
          {
            g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                         /* Translators: %s is what the administrator typed */
                         _("“%s” is not a valid server name: use letters, digits, hyphens and dots"),
                         shown);
            return FALSE;
          }
      if (label[0] == '-' || label[len - 1] == '-')
        {
          g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                               _("A part of the name cannot start or end with a hyphen"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
looks_like_ipv4 (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
mkm_validate_host (const char  *text,
                   char       **ascii_out,
                   GError     **error)
{
  g_autofree char *ascii = NULL;
  const char *scheme_end;
  const char *colon;

  g_return_val_if_fail (text != NULL, FALSE);

  if (*text == '\0')
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_EMPTY,
                           _("Enter the server name, for example smtp.gmail.com"));
      return FALSE;
    }
  if (!check_text (text, error))
    return FALSE;

  scheme_end = strstr (text, "://");
  if (scheme_end != NULL)
    {
      g_autofree char *rest = g_strdup (scheme_end + 3);

      rest[strcspn (rest, ":/?#")] = '\0';
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_SCHEME,
                   /* Translators: %s is the server name without the scheme */
                   _("Type only the server name, without “smtp://” or similar: %s"),
                   rest);
      return FALSE;
    }
  if (strpbrk (text, " ") != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("A server name cannot contain spaces"));
      return FALSE;
    }
  if (strpbrk (text, "/@?#") != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Type only the server name, for example smtp.gmail.com, without a path or an email address"));
      return FALSE;
    }

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');
      g_autofree char *inner = NULL;

      if (close == NULL)
        {
          g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                               _("An IPv6 address in brackets needs the closing “]”"));
          return FALSE;
        }
      inner = g_strndup (text + 1, close - text - 1);
      if (close[1] == ':')
        {
          g_autofree char *host = g_strndup (text, close - text + 1);

          g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_PORT_IN_HOST,
                       /* Translators: %s is the server without the port */
                       _("Put the port in the Port field and type only %s here"), host);
          return FALSE;
        }
      if (close[1] != '\0' || strchr (inner, ':') == NULL || !g_hostname_is_ip_address (inner))
        {
          g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                               _("Not a valid IPv6 address"));
          return FALSE;
        }
      if (ascii_out != NULL)
        *ascii_out = g_ascii_strdown (text, -1);
      return TRUE;
    }

  colon = strchr (text, ':');
  if (colon != NULL)
    {
      if (strchr (colon + 1, ':') == NULL)
        {
          g_autofree char *host = g_strndup (text, colon - text);

          g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_PORT_IN_HOST,
                       /* Translators: %s is the server without the port */
                       _("Put the port in the Port field and type only %s here"), host);
          return FALSE;
        }
      if (g_hostname_is_ip_address (text))
        {
          g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                       /* Translators: %s is an IPv6 address */
                       _("Write IPv6 addresses in brackets: [%s]"), text);
          return FALSE;
        }
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Not a valid server name"));
      return FALSE;
    }

  if (looks_like_ipv4 (text))
    {
      if (!g_hostname_is_ip_address (text))
        {
          g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                       /* Translators: %s is what the administrator typed */
                       _("“%s” is not a valid IPv4 address"), text);
          return FALSE;
        }
      if (ascii_out != NULL)
        *ascii_out = g_strdup (text);
      return TRUE;
    }

  ascii = g_hostname_to_ascii (text);
  if (ascii == NULL)
    {
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                   /* Translators: %s is what the administrator typed */
                   _("“%s” is not a valid server name: use letters, digits, hyphens and dots"),
                   text);
      return FALSE;
    }
  if (!check_dns_name (ascii, text, error))
    return FALSE;

  if (ascii_out != NULL)
    *ascii_out = g_ascii_strdown (ascii, -1);
  return TRUE;
}

gboolean
mkm_validate_email (const char  *text,
                    char       **ascii_out,
                    GError     **error)
{
  g_autofree char *local = NULL;
  g_autofree char *domain_ascii = NULL;
  g_autoptr(GError) domain_error = NULL;
  const char *at;
  const char *domain;

  g_return_val_if_fail (text != NULL, FALSE);

  if (*text == '\0')
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_EMPTY,
                           _("Enter an email address, for example name@example.com"));
      return FALSE;
    }
  if (!check_text (text, error))
    return FALSE;
  if (strchr (text, ' ') != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("An email address cannot contain spaces"));
      return FALSE;
    }
  if (strpbrk (text, "\"<>(),;:\\[]") != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Type only the address, for example name@example.com, without a name, quotes or brackets"));
      return FALSE;
    }

  at = strrchr (text, '@');
  if (at == NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("An email address needs an “@”, as in name@example.com"));
      return FALSE;
    }
  if (strchr (text, '@') != at)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("An email address has only one “@”"));
      return FALSE;
    }

  local = g_strndup (text, at - text);
  domain = at + 1;

  if (*local == '\0')
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("The name before “@” is missing"));
      return FALSE;
    }
  if (strlen (local) > LOCAL_PART_MAX)
    {
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_TOO_LONG,
                   /* Translators: %d is a number of bytes */
                   _("The name before “@” is too long: at most %d bytes (a letter with an accent takes two or three)"), LOCAL_PART_MAX);
      return FALSE;
    }
  if (local[0] == '.' || g_str_has_suffix (local, ".") || strstr (local, "..") != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Dots in an address cannot come first, last or two in a row"));
      return FALSE;
    }
  for (const char *p = local; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '.' && !is_atext (c))
        {
          g_autofree char *ch = g_utf8_substring (p, 0, 1);

          g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                       /* Translators: %s is one character */
                       _("The character “%s” is not allowed in an email address"), ch);
          return FALSE;
        }
    }

  if (*domain == '\0')
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("The domain after “@” is missing, as in name@example.com"));
      return FALSE;
    }
  if (domain[0] == '.' || g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("Dots in an address cannot come first, last or two in a row"));
      return FALSE;
    }
  if (!mkm_validate_host (domain, &domain_ascii, &domain_error) || looks_like_ipv4 (domain))
    {
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                   /* Translators: %s is the part after @ */
                   _("“%s” is not a valid domain for an email address"), domain);
      return FALSE;
    }
  if (strchr (domain_ascii, '.') == NULL)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                           _("The domain after “@” needs a dot, as in example.com"));
      return FALSE;
    }
  if (strlen (local) + 1 + strlen (domain_ascii) > ADDRESS_MAX)
    {
      g_set_error (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_TOO_LONG,
                   /* Translators: %d is a number of characters */
                   _("Too long: an email address has at most %d characters"), ADDRESS_MAX);
      return FALSE;
    }

  if (ascii_out != NULL)
    *ascii_out = g_strconcat (local, "@", domain_ascii, NULL);
  return TRUE;
}

gboolean
mkm_validate_port (const char  *text,
                   int         *port_out,
                   GError     **error)
{
  g_autofree char *stripped = NULL;
  guint64 value = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_EMPTY,
                           _("Enter a port number, for example 587"));
      return FALSE;
    }
  for (const char *p = stripped; *p; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_INVALID,
                             _("The port is a number only, for example 587"));
        return FALSE;
      }
  if (strlen (stripped) > 5 || (value = g_ascii_strtoull (stripped, NULL, 10)) < 1 || value > 65535)
    {
      g_set_error_literal (error, MKM_VALIDATE_ERROR, MKM_VALIDATE_ERROR_RANGE,
                           _("The port must be between 1 and 65535"));
      return FALSE;
    }

  if (port_out != NULL)
    *port_out = (int) value;
  return TRUE;
}

char *
mkm_validate_security_warning (MkmEncryption encryption,
                               int           port,
                               gboolean      has_username)
{
  if (encryption == MKM_ENCRYPTION_SSL && port == 587)
    return g_strdup (_("Port 587 usually expects TLS (STARTTLS), not SSL. Choose TLS, or use port 465 for SSL."));
  if (encryption == MKM_ENCRYPTION_SSL && port == 25)
    return g_strdup (_("Port 25 usually has no SSL. Choose TLS or None, or use port 465 for SSL."));
  if (encryption == MKM_ENCRYPTION_TLS && port == 465)
    return g_strdup (_("Port 465 usually expects SSL, not TLS (STARTTLS). Choose SSL, or use port 587 for TLS."));
  if (encryption == MKM_ENCRYPTION_NONE && has_username)
    return g_strdup (_("Without encryption the username and password cross the network in clear text. Choose SSL or TLS if the server offers it."));
  return NULL;
}
