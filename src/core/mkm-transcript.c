/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mkm-mail-config.h"
#include "mkm-transcript.h"

/*
 * The SMTP conversation as the administrator may see and share it. Whatever
 * the client says while signing in is replaced, and every encoding of the
 * password is blanked out of the text as a second line of defence.
 */

#define REDACTED "[hidden]"

struct _MkmTranscript
{
  GString   *text;
  char      *password;
  GPtrArray *encoded;     /* base64 forms of the password, never to show */
  gboolean   in_auth;
};

static void
add_base64_secret (MkmTranscript *self,
                   const guchar  *data,
                   gsize          length)
{
  char *encoded = g_base64_encode (data, length);

  g_ptr_array_add (self->encoded, encoded);
}

MkmTranscript *
mkm_transcript_new (const char *username,
                    const char *password)
{
  MkmTranscript *self = g_new0 (MkmTranscript, 1);

  self->text = g_string_new (NULL);
  self->encoded = g_ptr_array_new_with_free_func ((GDestroyNotify) mkm_password_free);

  if (password != NULL && *password != '\0')
    {
      gsize user_len = username != NULL ? strlen (username) : 0;
      gsize pass_len = strlen (password);
      g_autofree guchar *plain = g_malloc (user_len + pass_len + 2);

      self->password = g_strdup (password);
      add_base64_secret (self, (const guchar *) password, pass_len);

      /* AUTH PLAIN: authzid \0 authcid \0 password, authzid empty */
      plain[0] = '\0';
      memcpy (plain + 1, username != NULL ? username : "", user_len);
      plain[user_len + 1] = '\0';
      memcpy (plain + user_len + 2, password, pass_len);
      add_base64_secret (self, plain, user_len + pass_len + 2);
      memset (plain, 0, user_len + pass_len + 2);
    }

  return self;
}

static gboolean
reply_code_is (const char *line,
               const char *code)
{
  return strncmp (line, code, 3) == 0;
}

static void
add_line (MkmTranscript     *self,
          MkmTranscriptKind  kind,
          const char        *line)
{
  static const char * const prefixes[] = { "* ", "C: ", "S: " };

  g_string_append (self->text, prefixes[kind]);

  if (kind == MKM_TRANSCRIPT_CLIENT)
    {
      if (g_ascii_strncasecmp (line, "AUTH ", 5) == 0)
        {
          const char *mechanism_end = strchr (line + 5, ' ');

          self->in_auth = TRUE;
          if (mechanism_end != NULL)
            {
              g_string_append_len (self->text, line, mechanism_end - line);
              g_string_append (self->text, " " REDACTED "\n");
            }
          else
            g_string_append_printf (self->text, "%s\n", line);
          return;
        }
      /* Whatever the client says while signing in, or anything that holds
       * the password, goes as a whole line: blanking only the password in
       * place would show where it was. */
      if (self->in_auth || (self->password != NULL && strstr (line, self->password) != NULL))
        {
          g_string_append (self->text, REDACTED "\n");
          return;
        }
    }
  else if (kind == MKM_TRANSCRIPT_SERVER && self->in_auth && !reply_code_is (line, "334"))
    self->in_auth = FALSE;

  g_string_append_printf (self->text, "%s\n", line);
}

void
mkm_transcript_add (MkmTranscript     *self,
                    MkmTranscriptKind  kind,
                    const char        *data,
                    gsize              length)
{
  g_autofree char *chunk = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (self != NULL);

  chunk = g_utf8_make_valid (data, length);
  lines = g_strsplit (chunk, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (*lines[i] != '\0')
        add_line (self, kind, lines[i]);
      memset (lines[i], 0, strlen (lines[i]));
    }
  if (chunk != NULL)
    memset (chunk, 0, strlen (chunk));
}

static void
blank_out (GString    *text,
           const char *secret)
{
  gsize secret_len = strlen (secret);
  char *found;
  gsize from = 0;

  while ((found = strstr (text->str + from, secret)) != NULL)
    {
      gsize at = found - text->str;

      g_string_erase (text, at, secret_len);
      g_string_insert (text, at, REDACTED);
      from = at + strlen (REDACTED);
    }
}

/* The transcript with the base64 forms of the password removed too; they
 * are long and random enough never to match other text by chance. */
char *
mkm_transcript_to_string (MkmTranscript *self)
{
  g_autoptr(GString) copy = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_string_new_len (self->text->str, self->text->len);
  for (guint i = 0; i < self->encoded->len; i++)
    blank_out (copy, g_ptr_array_index (self->encoded, i));
  return g_string_free (g_steal_pointer (&copy), FALSE);
}

void
mkm_transcript_free (MkmTranscript *self)
{
  if (self == NULL)
    return;
  memset (self->text->str, 0, self->text->len);
  g_string_free (self->text, TRUE);
  g_ptr_array_unref (self->encoded);
  mkm_password_free (self->password);
  g_free (self);
}
