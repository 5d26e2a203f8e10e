/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mkm-message.h"
#include "mkm-smtp.h"
#include "mkm-transcript.h"
#include "mkm-validate.h"

/*
 * One test send: libcurl's multi interface on a worker thread, reading only
 * an immutable MkmMailConfig. Cancelling wakes curl_multi_poll() at once
 * through curl_multi_wakeup(). libcurl's debug callback feeds the stage
 * checklist and the transcript.
 */

#define X509_V_ERR_CERT_NOT_YET_VALID 9
#define X509_V_ERR_CERT_HAS_EXPIRED 10
#define X509_V_ERR_HOSTNAME_MISMATCH 62

typedef struct
{
  /* set before the transfer, read-only afterwards */
  MkmMailConfig       *config;
  char                *text;
  GMainContext        *context;
  GCancellable        *cancellable;
  MkmSmtpProgressFunc  progress;
  gpointer             progress_data;

  /* worker-only state */
  CURLM               *multi;
  GMutex               socket_lock;
  GArray              *sockets;       /* every socket libcurl has open */
  MkmTranscript       *transcript;
  MkmEnvelope         *envelope;
  MkmEncryption        encryption;
  int                  port;
  char                *host;
  gboolean             needs_auth;
  gboolean             needs_utf8;
  GBytes              *message;
  gsize                sent;

  MkmStage             stage;
  gint64               stage_start;
  gint64               stage_usec[MKM_N_STAGES];
  GString             *reply;          /* the server's current reply, all lines */
  char                *last_reply;     /* the last complete reply */
  char                *final_reply;    /* the reply that accepted the message */
  char                *last_command;   /* the verb only: never a credential */
  gboolean             client_spoke;
  gboolean             reply_complete;
  gboolean             quitting;
  gboolean             saw_greeting_line;
  gboolean             tls_done;
  gboolean             in_ehlo;
  gboolean             auth_offered;
  gboolean             utf8_offered;
  gboolean             data_sent;
  gboolean             accepted;
  MkmSmtpError         abort_code;     /* set to stop the transfer; 0 = none */
} SendState;

typedef struct
{
  MkmSmtpProgressFunc  progress;
  gpointer             progress_data;
  GCancellable        *cancellable;
  MkmStage             stage;
  MkmStageState        state;
} ProgressEvent;

void
mkm_send_result_free (MkmSendResult *result)
{
  if (result == NULL)
    return;
  g_free (result->recipient);
  g_free (result->server_reply);
  g_free (result->message_id);
  g_clear_pointer (&result->sent_at, g_date_time_unref);
  g_free (result->transcript);
  g_free (result);
}

static void
send_state_free (SendState *state)
{
  g_clear_pointer (&state->config, mkm_mail_config_unref);
  g_free (state->text);
  g_clear_pointer (&state->context, g_main_context_unref);
  g_clear_object (&state->cancellable);
  g_clear_pointer (&state->transcript, mkm_transcript_free);
  g_clear_pointer (&state->envelope, mkm_envelope_free);
  g_free (state->host);
  g_clear_pointer (&state->message, g_bytes_unref);
  if (state->reply != NULL)
    g_string_free (state->reply, TRUE);
  g_free (state->last_reply);
  g_free (state->final_reply);
  g_free (state->last_command);
  g_array_unref (state->sockets);
  g_mutex_clear (&state->socket_lock);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SendState, send_state_free)

static gboolean
dispatch_progress (gpointer data)
{
  ProgressEvent *event = data;

  /* A cancelled send no longer has anyone to tell. */
  if (event->cancellable == NULL || !g_cancellable_is_cancelled (event->cancellable))
    event->progress (event->stage, event->state, event->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer data)
{
  ProgressEvent *event = data;

  g_clear_object (&event->cancellable);
  g_free (event);
}

static void
report (SendState     *state,
        MkmStage       stage,
        MkmStageState  stage_state)
{
  ProgressEvent *event;

  if (state->progress == NULL)
    return;

  event = g_new0 (ProgressEvent, 1);
  event->progress = state->progress;
  event->progress_data = state->progress_data;
  event->cancellable = state->cancellable != NULL ? g_object_ref (state->cancellable) : NULL;
  event->stage = stage;
  event->state = stage_state;
  g_main_context_invoke_full (state->context, G_PRIORITY_DEFAULT,
                              dispatch_progress, event, progress_event_free);
}

static void
finish_stage (SendState *state)
{
  state->stage_usec[state->stage] += g_get_monotonic_time () - state->stage_start;
}

static void
enter_stage (SendState *state,
             MkmStage   stage)
{
  if (stage == state->stage)
    return;
  finish_stage (state);
  report (state, state->stage, MKM_STAGE_STATE_DONE);
  state->stage = stage;
  state->stage_start = g_get_monotonic_time ();
  if (state->stage_usec[stage] < 0)
    state->stage_usec[stage] = 0;
  report (state, stage, MKM_STAGE_STATE_RUNNING);
}

static int
reply_code (const char *line)
{
  if (line == NULL || !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]))
    return 0;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

static void
on_client_line (SendState  *state,
                const char *line)
{
  /* The reply to QUIT says nothing about why a send failed. */
  if (g_ascii_strncasecmp (line, "QUIT", 4) == 0)
    {
      state->quitting = TRUE;
      return;
    }
  g_free (state->last_command);
  state->last_command = state->stage == MKM_STAGE_AUTH && g_ascii_strncasecmp (line, "AUTH", 4) != 0 ?
                        NULL : g_ascii_strup (line, strcspn (line, " "));
  state->client_spoke = TRUE;
  g_string_truncate (state->reply, 0);

  if (g_ascii_strncasecmp (line, "EHLO", 4) == 0 || g_ascii_strncasecmp (line, "HELO", 4) == 0)
    {
      state->in_ehlo = TRUE;
      state->auth_offered = FALSE;
      state->utf8_offered = FALSE;
      enter_stage (state, MKM_STAGE_GREETING);
    }
  else if (g_ascii_strncasecmp (line, "STARTTLS", 8) == 0)
    enter_stage (state, MKM_STAGE_TLS);
  else if (g_ascii_strncasecmp (line, "AUTH", 4) == 0)
    enter_stage (state, MKM_STAGE_AUTH);
  else if (g_ascii_strncasecmp (line, "MAIL FROM", 9) == 0)
    enter_stage (state, MKM_STAGE_MAIL_FROM);
  else if (g_ascii_strncasecmp (line, "RCPT TO", 7) == 0)
    enter_stage (state, MKM_STAGE_RCPT_TO);
  else if (g_ascii_strncasecmp (line, "DATA", 4) == 0)
    enter_stage (state, MKM_STAGE_DATA);
}

/* The server finished its answer to EHLO: check what this send requires. */
static void
on_capabilities (SendState *state)
{
  /* Before TLS is up the next step is STARTTLS, offered or not. */
  if (state->encryption == MKM_ENCRYPTION_TLS && !state->tls_done)
    {
      enter_stage (state, MKM_STAGE_TLS);
      return;
    }
  if (state->needs_auth && !state->auth_offered)
    state->abort_code = MKM_SMTP_ERROR_AUTH_NOT_OFFERED;
  else if (state->needs_utf8 && !state->utf8_offered)
    state->abort_code = MKM_SMTP_ERROR_SMTPUTF8_NOT_OFFERED;
}

static void
on_server_line (SendState  *state,
                const char *line)
{
  int code = reply_code (line);
  gboolean last_line = code != 0 && line[3] != '-';

  if (state->quitting)
    return;

  if (code == 0)
    {
      /* libcurl would skip such lines until the time limit. */
      state->abort_code = MKM_SMTP_ERROR_NOT_SMTP;
    }
  if (!state->client_spoke)
    {
      /* The banner: connecting (and SSL's handshake) went through. */
      state->saw_greeting_line = TRUE;
      enter_stage (state, MKM_STAGE_GREETING);
    }

  if (state->reply_complete)
    g_string_truncate (state->reply, 0);
  state->reply_complete = last_line;
  if (state->reply->len > 0)
    g_string_append_c (state->reply, '\n');
  g_string_append (state->reply, line);

  if (state->in_ehlo && code == 250 && strlen (line) > 4)
    {
      const char *keyword = line + 4;

      if (g_ascii_strncasecmp (keyword, "AUTH", 4) == 0 && (keyword[4] == ' ' || keyword[4] == '='))
        state->auth_offered = TRUE;
      else if (g_ascii_strncasecmp (keyword, "SMTPUTF8", 8) == 0)
        state->utf8_offered = TRUE;
    }

  if (!last_line)
    return;

  g_free (state->last_reply);
  state->last_reply = g_strdup (state->reply->str);

  if (state->in_ehlo)
    {
      state->in_ehlo = FALSE;
      if (code == 250)
        on_capabilities (state);
    }
  if (state->stage == MKM_STAGE_DATA && state->data_sent && !state->accepted && code >= 200 && code < 300)
    {
      state->accepted = TRUE;
      state->final_reply = g_strdup (state->last_reply);
    }
}

static void
on_info_line (SendState  *state,
              const char *line)
{
  if (g_str_has_prefix (line, "Trying ") || g_str_has_prefix (line, "  Trying "))
    enter_stage (state, MKM_STAGE_CONNECT);
  else if (g_str_has_prefix (line, "Connected to "))
    enter_stage (state, state->encryption == MKM_ENCRYPTION_SSL ? MKM_STAGE_TLS : MKM_STAGE_GREETING);
  else if (g_str_has_prefix (line, "SSL connection using"))
    state->tls_done = TRUE;
}

static void
for_each_line (SendState  *state,
               const char *data,
               size_t      size,
               void       (*func) (SendState *, const char *))
{
  g_autofree char *copy = g_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (*lines[i] != '\0')
        func (state, lines[i]);
      memset (lines[i], 0, strlen (lines[i]));
    }
  memset (copy, 0, size);
}

static int
debug_cb (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  SendState *state = user_data;

  switch (type)
    {
    case CURLINFO_TEXT:
      for_each_line (state, data, size, on_info_line);
      mkm_transcript_add (state->transcript, MKM_TRANSCRIPT_INFO, data, size);
      break;
    case CURLINFO_HEADER_OUT:
      for_each_line (state, data, size, on_client_line);
      mkm_transcript_add (state->transcript, MKM_TRANSCRIPT_CLIENT, data, size);
      break;
    case CURLINFO_HEADER_IN:
      for_each_line (state, data, size, on_server_line);
      mkm_transcript_add (state->transcript, MKM_TRANSCRIPT_SERVER, data, size);
      break;
    case CURLINFO_DATA_OUT:
    case CURLINFO_DATA_IN:
    case CURLINFO_SSL_DATA_IN:
    case CURLINFO_SSL_DATA_OUT:
    case CURLINFO_END:
    default:
      break;
    }
  return 0;
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  SendState *state = user_data;
  gsize total;
  const guint8 *bytes = g_bytes_get_data (state->message, &total);
  gsize n = MIN (size * nitems, total - state->sent);

  if (state->abort_code != 0)
    return CURL_READFUNC_ABORT;

  if (state->sent == 0)
    {
      g_autofree char *note = g_strdup_printf ("[message, %" G_GSIZE_FORMAT " bytes]", total);

      mkm_transcript_add (state->transcript, MKM_TRANSCRIPT_INFO, note, strlen (note));
    }
  memcpy (buffer, bytes + state->sent, n);
  state->sent += n;
  if (state->sent == total)
    state->data_sent = TRUE;
  return n;
}

static int
xferinfo_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  SendState *state = user_data;

  /* Stops before the next command once a requirement failed; also ends
   * libcurl's blocking wait after DATA within a second of a cancel, should
   * the socket shutdown not have. */
  return state->abort_code != 0 || g_cancellable_is_cancelled (state->cancellable);
}

static int
sockopt_cb (void          *user_data,
            curl_socket_t  fd,
            curlsocktype   purpose)
{
  SendState *state = user_data;

  g_mutex_lock (&state->socket_lock);
  g_array_append_val (state->sockets, fd);
  g_mutex_unlock (&state->socket_lock);
  return CURL_SOCKOPT_OK;
}

static int
closesocket_cb (void          *user_data,
                curl_socket_t  fd)
{
  SendState *state = user_data;
  int result;

  /* Under the lock, so that a cancel never shuts down a reused number. */
  g_mutex_lock (&state->socket_lock);
  for (guint i = 0; i < state->sockets->len; i++)
    if (g_array_index (state->sockets, curl_socket_t, i) == fd)
      {
        g_array_remove_index_fast (state->sockets, i);
        break;
      }
  result = close (fd);
  g_mutex_unlock (&state->socket_lock);
  return result;
}

/* Ends the connection now; libcurl's next read or write fails at once. */
static void
drop_connection (SendState *state)
{
  g_mutex_lock (&state->socket_lock);
  for (guint i = 0; i < state->sockets->len; i++)
    shutdown (g_array_index (state->sockets, curl_socket_t, i), SHUT_RDWR);
  g_mutex_unlock (&state->socket_lock);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  SendState *state = user_data;

  /* Wakes curl_multi_poll(); and libcurl blocks inside curl_multi_perform()
   * while it waits for the reply to the end of DATA, which only a dead
   * socket interrupts. */
  curl_multi_wakeup (state->multi);
  drop_connection (state);
}

static MkmSmtpError
classify (SendState  *state,
          CURL       *easy,
          CURLcode    code,
          const char *errbuf)
{
  int last = reply_code (state->last_reply);

  if (g_cancellable_is_cancelled (state->cancellable))
    return MKM_SMTP_ERROR_CANCELLED;
  if (state->abort_code != 0)
    return state->abort_code;

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
      return MKM_SMTP_ERROR_HOST_NOT_FOUND;
    case CURLE_COULDNT_CONNECT:
      return MKM_SMTP_ERROR_CONNECTION_REFUSED;
    case CURLE_OPERATION_TIMEDOUT:
      return MKM_SMTP_ERROR_TIMED_OUT;
    case CURLE_SSL_CONNECT_ERROR:
      return MKM_SMTP_ERROR_TLS_HANDSHAKE;
    case CURLE_PEER_FAILED_VERIFICATION:
      {
        long verify = 0;

        curl_easy_getinfo (easy, CURLINFO_SSL_VERIFYRESULT, &verify);
        if (verify == X509_V_ERR_CERT_HAS_EXPIRED || verify == X509_V_ERR_CERT_NOT_YET_VALID)
          return MKM_SMTP_ERROR_CERT_EXPIRED;
        if (verify == X509_V_ERR_HOSTNAME_MISMATCH ||
            strstr (errbuf, "subject name") != NULL || strstr (errbuf, "does not match") != NULL)
          return MKM_SMTP_ERROR_CERT_NAME_MISMATCH;
        return MKM_SMTP_ERROR_CERT_UNTRUSTED;
      }
    case CURLE_USE_SSL_FAILED:
      /* Offered, asked for, and then refused is another story. */
      if (g_strcmp0 (state->last_command, "STARTTLS") == 0)
        return MKM_SMTP_ERROR_STARTTLS_REFUSED;
      return MKM_SMTP_ERROR_STARTTLS_NOT_OFFERED;
    case CURLE_LOGIN_DENIED:
      /* libcurl says the same when no mechanism it knows was offered. */
      return state->stage == MKM_STAGE_AUTH ? MKM_SMTP_ERROR_AUTH_REJECTED : MKM_SMTP_ERROR_AUTH_NOT_OFFERED;
    case CURLE_SSL_CACERT_BADFILE:
      return MKM_SMTP_ERROR_INVALID_CONFIG;
    default:
      break;
    }

  if (!state->client_spoke && last >= 400)
    return MKM_SMTP_ERROR_SESSION_REFUSED;
  /* 530 to MAIL or RCPT: only signed-in users may send. */
  if (last == 530 && (state->stage == MKM_STAGE_MAIL_FROM || state->stage == MKM_STAGE_RCPT_TO))
    return MKM_SMTP_ERROR_AUTH_REQUIRED;
  if (last >= 400)
    {
      switch (state->stage)
        {
        case MKM_STAGE_AUTH:
          return MKM_SMTP_ERROR_AUTH_REJECTED;
        case MKM_STAGE_MAIL_FROM:
          return MKM_SMTP_ERROR_SENDER_REJECTED;
        case MKM_STAGE_RCPT_TO:
          return MKM_SMTP_ERROR_RECIPIENT_REJECTED;
        case MKM_STAGE_DATA:
          return MKM_SMTP_ERROR_MESSAGE_REJECTED;
        case MKM_STAGE_GREETING:
          return MKM_SMTP_ERROR_SESSION_REFUSED;
        case MKM_STAGE_RESOLVE:
        case MKM_STAGE_CONNECT:
        case MKM_STAGE_TLS:
        case MKM_STAGE_ACCEPTED:
        case MKM_N_STAGES:
        default:
          break;
        }
    }

  switch (code)
    {
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return MKM_SMTP_ERROR_CONNECTION_LOST;
    case CURLE_WEIRD_SERVER_REPLY:
      return state->saw_greeting_line ? MKM_SMTP_ERROR_NOT_SMTP : MKM_SMTP_ERROR_CONNECTION_LOST;
    default:
      return MKM_SMTP_ERROR_FAILED;
    }
}

static const char *
error_subject (SendState    *state,
               MkmSmtpError  code)
{
  switch (code)
    {
    case MKM_SMTP_ERROR_RECIPIENT_REJECTED:
      return state->envelope->to_address;
    case MKM_SMTP_ERROR_SENDER_REJECTED:
      return state->envelope->from_address;
    case MKM_SMTP_ERROR_SMTPUTF8_NOT_OFFERED:
      return !g_str_is_ascii (state->envelope->from_address) ?
             state->envelope->from_address : state->envelope->to_address;
    default:
      return state->host;
    }
}

static gboolean
prepare (SendState  *state,
         char      **url_out,
         GError    **error)
{
  const MkmMailConfig *config = state->config;
  g_autoptr(GError) local_error = NULL;

  state->envelope = mkm_envelope_new (config, error);
  if (state->envelope == NULL)
    return FALSE;
  state->needs_utf8 = mkm_envelope_needs_utf8 (state->envelope);

  if (config->mode == MKM_MODE_SMTP)
    {
      if (!mkm_validate_host (config->host != NULL ? config->host : "", &state->host, &local_error))
        {
          g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                       _("%s: %s"), _("Server"), local_error->message);
          return FALSE;
        }
      if (config->port < 1 || config->port > 65535)
        {
          g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                       _("%s: %s"), _("Port"), _("The port must be between 1 and 65535"));
          return FALSE;
        }
      if (!mkm_validate_header_text (config->username != NULL ? config->username : "", &local_error))
        {
          g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                       _("%s: %s"), _("Username"), local_error->message);
          return FALSE;
        }
      state->encryption = config->encryption;
      state->port = config->port;
      state->needs_auth = config->username != NULL && *config->username != '\0';
      if (state->needs_auth && (config->password == NULL || *config->password == '\0'))
        {
          g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE,
                       /* Translators: %s is a username */
                       _("There is no password for “%s”."), config->username);
          return FALSE;
        }
      *url_out = g_strdup_printf ("%s://%s:%d/", config->encryption == MKM_ENCRYPTION_SSL ? "smtps" : "smtp",
                                  state->host, config->port);
    }
  else
    {
      g_autoptr(GUri) uri = g_uri_parse (config->default_relay_url != NULL ? config->default_relay_url : "",
                                         G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

      if (uri == NULL || g_uri_get_host (uri) == NULL ||
          (g_strcmp0 (scheme, "smtp") != 0 && g_strcmp0 (scheme, "smtps") != 0))
        {
          g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                       /* Translators: %s is a URL */
                       _("The vendor relay “%s” is not an smtp:// or smtps:// address."),
                       config->default_relay_url ?: "");
          return FALSE;
        }
      state->host = g_strdup (g_uri_get_host (uri));
      state->encryption = g_str_equal (scheme, "smtps") ? MKM_ENCRYPTION_SSL : MKM_ENCRYPTION_NONE;
      state->port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : (g_str_equal (scheme, "smtps") ? 465 : 25);
      *url_out = g_strdup_printf ("%s://%s%s%s:%d/", scheme,
                                  strchr (state->host, ':') != NULL ? "[" : "", state->host,
                                  strchr (state->host, ':') != NULL ? "]" : "", state->port);
    }
  return TRUE;
}

static MkmSendResult *
send_test (SendState  *state,
           GError    **error)
{
  const MkmMailConfig *config = state->config;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *url = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *mail_from = NULL;
  g_autofree char *rcpt = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *recipients = NULL;
  CURL *easy;
  CURLcode code = CURLE_OK;
  gulong cancel_id = 0;
  gint64 deadline;
  gint64 now_usec;
  gboolean succeeded;
  MkmSmtpError error_code = MKM_SMTP_ERROR_FAILED;
  MkmSendResult *result = NULL;

  for (guint i = 0; i < MKM_N_STAGES; i++)
    state->stage_usec[i] = -1;
  state->stage = MKM_STAGE_RESOLVE;
  state->stage_usec[MKM_STAGE_RESOLVE] = 0;
  state->stage_start = g_get_monotonic_time ();
  state->reply = g_string_new (NULL);
  report (state, MKM_STAGE_RESOLVE, MKM_STAGE_STATE_RUNNING);

  if (!prepare (state, &url, error))
    {
      report (state, state->stage, MKM_STAGE_STATE_FAILED);
      return NULL;
    }
  state->transcript = mkm_transcript_new (config->username, config->password);

  state->message = mkm_message_compose (config, state->envelope, state->text, now, &message_id, error);
  if (state->message == NULL)
    return NULL;

  easy = curl_easy_init ();
  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  /* Leave a slow name lookup behind instead of waiting for it on cancel. */
  curl_easy_setopt (easy, CURLOPT_QUICK_EXIT, 1L);
  /* For SMTP the connect phase includes waiting for the banner. */
  curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) config->timeout * 1000);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) config->timeout * 1000);
  curl_easy_setopt (easy, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long) config->timeout);
  curl_easy_setopt (easy, CURLOPT_SOCKOPTFUNCTION, sockopt_cb);
  curl_easy_setopt (easy, CURLOPT_SOCKOPTDATA, state);
  curl_easy_setopt (easy, CURLOPT_CLOSESOCKETFUNCTION, closesocket_cb);
  curl_easy_setopt (easy, CURLOPT_CLOSESOCKETDATA, state);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->mode == MKM_MODE_SMTP)
    curl_easy_setopt (easy, CURLOPT_USE_SSL,
                      (long) (config->encryption == MKM_ENCRYPTION_TLS ? CURLUSESSL_ALL : CURLUSESSL_NONE));
  else
    curl_easy_setopt (easy, CURLOPT_USE_SSL, (long) CURLUSESSL_TRY);

  if (config->mode == MKM_MODE_SMTP && config->ca_file != NULL && *config->ca_file != '\0')
    {
      char *system_path = NULL;

      if (!g_file_test (config->ca_file, G_FILE_TEST_IS_REGULAR) || g_access (config->ca_file, R_OK) != 0)
        {
          g_set_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_INVALID_CONFIG,
                       /* Translators: %s is a file name */
                       _("The extra CA certificate file “%s” cannot be read."), config->ca_file);
          curl_easy_cleanup (easy);
          return NULL;
        }
      /* The extra CA as the bundle; the system's CAs stay trusted through
       * the hashed folder, which OpenSSL reads only for the issuer it needs. */
      curl_easy_getinfo (easy, CURLINFO_CAPATH, &system_path);
      curl_easy_setopt (easy, CURLOPT_CAINFO, config->ca_file);
      curl_easy_setopt (easy, CURLOPT_CAPATH, system_path != NULL ? system_path : "/etc/ssl/certs");
    }

  if (state->needs_auth)
    {
      curl_easy_setopt (easy, CURLOPT_USERNAME, config->username);
      curl_easy_setopt (easy, CURLOPT_PASSWORD, config->password);
    }

  mail_from = g_strdup_printf ("<%s>", state->envelope->from_address);
  rcpt = g_strdup_printf ("<%s>", state->envelope->to_address);
  recipients = curl_slist_append (NULL, rcpt);
  curl_easy_setopt (easy, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (easy, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (state->message));
  curl_easy_setopt (easy, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (easy, CURLOPT_READDATA, state);
  curl_easy_setopt (easy, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (easy, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (easy, CURLOPT_DEBUGDATA, state);
  curl_easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (easy, CURLOPT_XFERINFODATA, state);

  state->multi = curl_multi_init ();
  curl_multi_add_handle (state->multi, easy);
  if (state->cancellable != NULL)
    cancel_id = g_cancellable_connect (state->cancellable, G_CALLBACK (on_cancelled), state, NULL);

  deadline = g_get_monotonic_time () + (gint64) config->timeout * G_USEC_PER_SEC;
  for (;;)
    {
      int running = 0;
      CURLMcode mc;
      CURLMsg *msg;
      int left;

      /* Leave before libcurl runs again: removing the handle mid-transfer
       * drops the connection at once, without waiting on a QUIT. */
      if (g_cancellable_is_cancelled (state->cancellable) || state->abort_code != 0)
        {
          code = CURLE_ABORTED_BY_CALLBACK;
          break;
        }
      mc = curl_multi_perform (state->multi, &running);

      while ((msg = curl_multi_info_read (state->multi, &left)) != NULL)
        if (msg->msg == CURLMSG_DONE)
          code = msg->data.result;

      if (mc != CURLM_OK || running == 0)
        break;
      if (g_cancellable_is_cancelled (state->cancellable) || state->abort_code != 0)
        {
          code = CURLE_ABORTED_BY_CALLBACK;
          break;
        }
      now_usec = g_get_monotonic_time ();
      if (now_usec >= deadline)
        {
          code = CURLE_OPERATION_TIMEDOUT;
          break;
        }
      curl_multi_poll (state->multi, NULL, 0, (int) MIN (1000, (deadline - now_usec) / 1000 + 1), NULL);
    }

  /* Accepted is accepted, even if Cancel came a moment later. */
  succeeded = code == CURLE_OK && state->accepted;
  if (!succeeded)
    error_code = code == CURLE_OK && !g_cancellable_is_cancelled (state->cancellable) ?
                 MKM_SMTP_ERROR_FAILED : classify (state, easy, code, errbuf);

  /* Whatever happened, nothing more is needed from the server: close the
   * connection at once instead of letting libcurl wait for a QUIT reply. */
  drop_connection (state);
  curl_multi_remove_handle (state->multi, easy);
  curl_easy_cleanup (easy);
  if (cancel_id != 0)
    g_cancellable_disconnect (state->cancellable, cancel_id);
  curl_multi_cleanup (state->multi);
  state->multi = NULL;
  curl_slist_free_all (recipients);

  if (succeeded)
    {
      enter_stage (state, MKM_STAGE_ACCEPTED);
      finish_stage (state);
      report (state, MKM_STAGE_ACCEPTED, MKM_STAGE_STATE_DONE);

      result = g_new0 (MkmSendResult, 1);
      result->recipient = g_strdup (state->envelope->to_address);
      result->server_reply = g_strdup (state->final_reply);
      result->message_id = g_steal_pointer (&message_id);
      result->sent_at = g_date_time_ref (now);
      result->transcript = mkm_transcript_to_string (state->transcript);
      memcpy (result->stage_usec, state->stage_usec, sizeof result->stage_usec);
      return result;
    }

  {
    g_autofree char *transcript = mkm_transcript_to_string (state->transcript);
    g_autoptr(MkmExplanation) explanation = NULL;
    GError *local_error;
    const char *reply = NULL;

    finish_stage (state);
    report (state, state->stage, MKM_STAGE_STATE_FAILED);

    if (error_code == MKM_SMTP_ERROR_INVALID_CONFIG)
      local_error = g_error_new (MKM_SMTP_ERROR, error_code,
                                 /* Translators: %s is a file name */
                                 _("The extra CA certificate file “%s” is not a PEM certificate."),
                                 config->ca_file);
    else if (error_code == MKM_SMTP_ERROR_FAILED)
      local_error = g_error_new (MKM_SMTP_ERROR, error_code,
                                 /* Translators: %s is libcurl's description of a failure */
                                 _("The send failed: %s"),
                                 *errbuf != '\0' ? errbuf : curl_easy_strerror (code));
    else
      local_error = g_error_new_literal (MKM_SMTP_ERROR, error_code, "");

    if (reply_code (state->last_reply) >= 400 || error_code == MKM_SMTP_ERROR_NOT_SMTP)
      reply = state->last_reply;
    mkm_smtp_error_set_details (local_error, state->stage, reply, error_subject (state, error_code),
                                state->encryption, state->port, transcript);
    if (error_code != MKM_SMTP_ERROR_FAILED && error_code != MKM_SMTP_ERROR_INVALID_CONFIG)
      {
        explanation = mkm_smtp_error_explain (local_error);
        g_free (local_error->message);
        local_error->message = g_strdup (explanation->title);
      }
    g_propagate_error (error, local_error);
    return NULL;
  }
}

static void
send_test_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SendState *state = task_data;
  GError *error = NULL;
  MkmSendResult *result;

  result = send_test (state, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) mkm_send_result_free);
  else
    g_task_return_error (task, error);
}

static SendState *
send_state_new (MkmMailConfig       *config,
                const char          *text,
                GCancellable        *cancellable,
                MkmSmtpProgressFunc  progress,
                gpointer             progress_data)
{
  SendState *state = g_new0 (SendState, 1);

  state->config = mkm_mail_config_ref (config);
  state->text = g_strdup (text != NULL ? text : "");
  state->context = g_main_context_ref_thread_default ();
  state->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  state->progress = progress;
  state->progress_data = progress_data;
  state->sockets = g_array_new (FALSE, FALSE, sizeof (curl_socket_t));
  g_mutex_init (&state->socket_lock);
  return state;
}

/**
 * mkm_smtp_send_test_async:
 * @config: the snapshot to send with; it must not change any more
 * @text: what the administrator typed
 * @progress: (nullable): told of each stage in the calling thread's main context,
 *   until @cancellable is cancelled
 *
 * Sends a test email to @config's administrator address on a worker thread.
 */
void
mkm_smtp_send_test_async (MkmMailConfig       *config,
                          const char          *text,
                          GCancellable        *cancellable,
                          MkmSmtpProgressFunc  progress,
                          gpointer             progress_data,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (config != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mkm_smtp_send_test_async);
  g_task_set_name (task, "mkm-smtp-send-test");
  /* The result says "cancelled" itself, with a transcript. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, send_state_new (config, text, cancellable, progress, progress_data),
                        (GDestroyNotify) send_state_free);
  g_task_run_in_thread (task, send_test_thread);
}

/**
 * mkm_smtp_send_test_finish:
 *
 * Returns: (transfer full): the result, or %NULL with @error in %MKM_SMTP_ERROR
 */
MkmSendResult *
mkm_smtp_send_test_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mkm_smtp_send_test_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The same send, blocking: for the command line and tests. */
MkmSendResult *
mkm_smtp_send_test (MkmMailConfig  *config,
                    const char     *text,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(SendState) state = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  state = send_state_new (config, text, cancellable, NULL, NULL);
  return send_test (state, error);
}

/* Versions of the parts a send depends on, for diagnostics. */
char *
mkm_smtp_describe_versions (void)
{
  const curl_version_info_data *info = curl_version_info (CURLVERSION_NOW);

  return g_strdup_printf ("Mkmate Mail %s; libcurl %s (%s); GLib %u.%u.%u",
                          PACKAGE_VERSION, info->version,
                          info->ssl_version != NULL ? info->ssl_version : "no TLS",
                          glib_major_version, glib_minor_version, glib_micro_version);
}
