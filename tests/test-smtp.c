/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "mkm-smtp.h"
#include "mkm-transcript.h"
#include "mkm-test-util.h"

#define USER "admin@example.test"
#define PASSWORD "s3cret-Pässword"

static MkmSmtpFixture *fixture;
static GString *captured_logs;   /* every GLib log message */

static MkmMailConfig *
config_for (const char    *listener,
            MkmEncryption  encryption)
{
  MkmMailConfig *config = mkm_mail_config_new ();

  config->mode = MKM_MODE_SMTP;
  config->admin_email = g_strdup ("quantri@example.test");
  config->from_address = g_strdup ("no-reply@brand.example");
  config->from_name = g_strdup ("Brand");
  config->host = g_strdup ("localhost");
  config->port = listener != NULL ? mkm_smtp_fixture_port (fixture, listener) : mkm_test_closed_port ();
  config->encryption = encryption;
  config->username = g_strdup ("");
  config->password = g_strdup ("");
  config->ca_file = g_strdup (mkm_smtp_fixture_ca (fixture));
  config->timeout = 5;
  config->default_relay_url = g_strdup ("smtp://127.0.0.1:1/");
  config->default_from_address = g_strdup ("mkmate@vendor.example");
  config->default_from_name = g_strdup ("Mkmate");
  return config;
}

static void
with_login (MkmMailConfig *config,
            const char    *password)
{
  g_free (config->username);
  config->username = g_strdup (USER);
  g_free (config->password);
  config->password = g_strdup (password);
}

typedef struct
{
  GMainLoop     *loop;
  MkmSendResult *result;
  GError        *error;
  GArray        *events;   /* MkmStage << 8 | MkmStageState */
} Run;

static void
on_progress (MkmStage      stage,
             MkmStageState state,
             gpointer      user_data)
{
  Run *run = user_data;
  guint event = stage << 8 | state;

  g_array_append_val (run->events, event);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->result = mkm_smtp_send_test_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->result, mkm_send_result_free);
  g_clear_error (&run->error);
  g_clear_pointer (&run->events, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_send (Run           *run,
          MkmMailConfig *config,
          const char    *text,
          GCancellable  *cancellable)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->events = g_array_new (FALSE, FALSE, sizeof (guint));
  mkm_smtp_send_test_async (config, text, cancellable, on_progress, run, on_done, run);
  g_main_loop_run (run->loop);
  /* Let queued progress events arrive. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
saw_event (Run          *run,
           MkmStage      stage,
           MkmStageState state)
{
  for (guint i = 0; i < run->events->len; i++)
    if (g_array_index (run->events, guint, i) == (stage << 8 | state))
      return TRUE;
  return FALSE;
}

/* Sends and expects @code; returns the explanation to check further. */
static MkmExplanation *
expect_error (MkmMailConfig *config,
              MkmSmtpError   code,
              MkmStage       stage,
              const char    *title)
{
  g_auto(Run) run = { 0 };
  MkmExplanation *explanation;
  const char *transcript;

  run_send (&run, config, "hello", NULL);
  g_assert_null (run.result);
  g_assert_error (run.error, MKM_SMTP_ERROR, (int) code);
  g_assert_cmpint (mkm_smtp_error_get_stage (run.error), ==, stage);
  g_assert_true (saw_event (&run, stage, MKM_STAGE_STATE_FAILED));
  explanation = mkm_smtp_error_explain (run.error);
  g_assert_cmpstr (explanation->title, ==, title);
  /* Configuration problems say what is wrong; the others carry the title. */
  if (code == MKM_SMTP_ERROR_INVALID_CONFIG || code == MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE)
    g_assert_cmpstr (run.error->message, ==, explanation->cause);
  else
    g_assert_cmpstr (run.error->message, ==, title);

  transcript = mkm_smtp_error_get_transcript (run.error);
  if (transcript != NULL)
    g_assert_null (strstr (transcript, PASSWORD));
  return explanation;
}

static void
test_success (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("starttls", MKM_ENCRYPTION_TLS);
  g_auto(Run) run = { 0 };

  with_login (config, PASSWORD);
  run_send (&run, config, "Xin chào", NULL);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.result);
  g_assert_cmpstr (run.result->recipient, ==, "quantri@example.test");
  g_assert_true (g_str_has_prefix (run.result->server_reply, "250 2.0.0 Ok: queued as "));
  g_assert_nonnull (run.result->sent_at);
  for (MkmStage stage = MKM_STAGE_CONNECT; stage <= MKM_STAGE_ACCEPTED; stage++)
    {
      g_assert_cmpint (run.result->stage_usec[stage], >=, 0);
      g_assert_true (saw_event (&run, stage, MKM_STAGE_STATE_DONE));
    }
  g_assert_nonnull (strstr (run.result->transcript, "STARTTLS"));
  g_assert_nonnull (strstr (run.result->transcript, "S: 250 2.0.0 Ok: queued"));
}

static void
test_round_trip_vietnamese (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("smtps", MKM_ENCRYPTION_SSL);
  const char *text = "Kiểm tra cấu hình email: tiếng Việt có dấu — “ngoặc kép”, ₫100.\nDòng thứ hai.";
  g_autoptr(MkmSendResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) parsed = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *parsed_text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *header = NULL;

  with_login (config, PASSWORD);
  g_free (config->from_name);
  config->from_name = g_strdup ("Công ty Cổ phần Mkmate Việt Nam");

  result = mkm_smtp_send_test (config, text, NULL, &error);
  g_assert_no_error (error);

  path = mkm_smtp_fixture_last_mail (fixture, "smtps");
  g_assert_nonnull (path);
  parsed_text = mkm_test_parse_mail (path);
  g_key_file_load_from_data (parsed, parsed_text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);

  name = g_key_file_get_string (parsed, "mail", "from-name", NULL);
  g_assert_cmpstr (name, ==, "Công ty Cổ phần Mkmate Việt Nam");
  header = g_key_file_get_string (parsed, "mail", "from-address", NULL);
  g_assert_cmpstr (header, ==, "no-reply@brand.example");
  g_clear_pointer (&header, g_free);
  header = g_key_file_get_string (parsed, "mail", "to", NULL);
  g_assert_cmpstr (header, ==, "quantri@example.test");
  body = g_key_file_get_string (parsed, "mail", "body", NULL);
  g_assert_true (g_str_has_prefix (body, text));
  g_assert_nonnull (strstr (body, "localhost:"));
  subject = g_key_file_get_string (parsed, "mail", "subject", NULL);
  g_assert_true (g_str_has_prefix (subject, "Mkmate test email ["));
  message_id = g_key_file_get_string (parsed, "mail", "message-id", NULL);
  g_assert_true (g_str_has_suffix (message_id, "@brand.example>"));
  g_assert_cmpstr (g_strrstr (message_id, "<") , ==, message_id);
  g_clear_pointer (&header, g_free);
  header = g_key_file_get_string (parsed, "mail", "mime-version", NULL);
  g_assert_cmpstr (header, ==, "1.0");
  g_clear_pointer (&header, g_free);
  header = g_key_file_get_string (parsed, "mail", "charset", NULL);
  g_assert_cmpstr (header, ==, "utf-8");
  g_clear_pointer (&header, g_free);
  header = g_key_file_get_string (parsed, "mail", "date", NULL);
  g_assert_true (header != NULL && *header != '\0');
  g_assert_cmpint (g_key_file_get_integer (parsed, "mail", "defects", NULL), ==, 0);
}

static void
test_default_mode (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain_noauth", MKM_ENCRYPTION_TLS);
  g_autoptr(MkmSendResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) parsed = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *parsed_text = NULL;
  g_autofree char *from = NULL;

  config->mode = MKM_MODE_DEFAULT;
  g_free (config->default_relay_url);
  config->default_relay_url = g_strdup_printf ("smtp://127.0.0.1:%d", mkm_smtp_fixture_port (fixture, "plain_noauth"));
  /* SMTP-mode values that must not be used */
  g_free (config->host);
  config->host = g_strdup ("smtp.unused.invalid");
  config->port = 1;
  with_login (config, "unused-password");

  result = mkm_smtp_send_test (config, "via the vendor", NULL, &error);
  g_assert_no_error (error);

  path = mkm_smtp_fixture_last_mail (fixture, "plain_noauth");
  parsed_text = mkm_test_parse_mail (path);
  g_key_file_load_from_data (parsed, parsed_text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  from = g_key_file_get_string (parsed, "mail", "from", NULL);
  g_assert_cmpstr (from, ==, "Mkmate <mkmate@vendor.example>");
  g_assert_null (strstr (result->transcript, "AUTH"));
  g_assert_null (strstr (result->transcript, "unused"));
}

static guint
count_commands (const char *listener,
                const char *verb)
{
  g_auto(GStrv) lines = mkm_smtp_fixture_log_lines (fixture);
  g_autofree char *needle_listener = g_strdup_printf ("\"listener\": \"%s\"", listener);
  g_autofree char *needle_verb = g_strdup_printf ("\"verb\": \"%s\"", verb);
  guint count = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle_listener) != NULL && strstr (lines[i], needle_verb) != NULL)
      count++;
  return count;
}

static gboolean
server_saw_command (const char *listener,
                    const char *verb)
{
  return count_commands (listener, verb) > 0;
}

static void
test_starttls_downgrade (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain", MKM_ENCRYPTION_TLS);
  g_autoptr(MkmExplanation) e = NULL;

  with_login (config, PASSWORD);
  e = expect_error (config, MKM_SMTP_ERROR_STARTTLS_NOT_OFFERED, MKM_STAGE_TLS,
                    "The server does not offer TLS (STARTTLS)");
  g_assert_cmpstr (e->cause, ==, "TLS was chosen, but the server did not offer STARTTLS. Nothing was sent: the password never crossed the network in clear text.");
  g_assert_true (server_saw_command ("plain", "EHLO"));
  g_assert_false (server_saw_command ("plain", "AUTH"));
  g_assert_false (server_saw_command ("plain", "MAIL"));
}

static void
test_wrong_password (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("starttls", MKM_ENCRYPTION_TLS);
  g_autoptr(MkmExplanation) e = NULL;

  with_login (config, "wrong-password");
  e = expect_error (config, MKM_SMTP_ERROR_AUTH_REJECTED, MKM_STAGE_AUTH, "Username or password rejected");
  g_assert_cmpstr (e->fix, ==, "Check both. Gmail and Outlook accounts with two-step verification need an app password instead of the normal password.");
  g_assert_nonnull (e->server_reply);
  g_assert_true (g_str_has_prefix (e->server_reply, "535"));
}

static void
test_auth_not_offered (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain_noauth", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;
  guint data_before = count_commands ("plain_noauth", "DATA");

  with_login (config, PASSWORD);
  e = expect_error (config, MKM_SMTP_ERROR_AUTH_NOT_OFFERED, MKM_STAGE_GREETING, "The server does not offer sign-in");
  /* libcurl alone would have sent the mail without signing in. */
  g_assert_cmpuint (count_commands ("plain_noauth", "DATA"), ==, data_before);
}

static void
test_host_not_found (void)
{
  g_autoptr(MkmMailConfig) config = config_for (NULL, MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;

  g_free (config->host);
  config->host = g_strdup ("no-such-host.invalid");
  e = expect_error (config, MKM_SMTP_ERROR_HOST_NOT_FOUND, MKM_STAGE_RESOLVE, "Server not found");
  g_assert_cmpstr (e->cause, ==, "No server called “no-such-host.invalid” could be found.");
}

static void
test_connection_refused (void)
{
  g_autoptr(MkmMailConfig) config = config_for (NULL, MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;
  g_autofree char *cause = NULL;

  g_free (config->host);
  config->host = g_strdup ("127.0.0.1");
  e = expect_error (config, MKM_SMTP_ERROR_CONNECTION_REFUSED, MKM_STAGE_CONNECT, "Connection refused");
  cause = g_strdup_printf ("No mail server accepts connections on 127.0.0.1, port %d.", config->port);
  g_assert_cmpstr (e->cause, ==, cause);
}

static void
test_banner_timeout (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("silent", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;

  config->timeout = 1;
  e = expect_error (config, MKM_SMTP_ERROR_TIMED_OUT, MKM_STAGE_GREETING, "The server did not answer in time");
  g_assert_cmpstr (e->cause, ==, "The server accepted the connection but never sent its greeting.");
}

static void
test_ssl_on_plain_port (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain", MKM_ENCRYPTION_SSL);
  g_autoptr(MkmExplanation) e = NULL;

  e = expect_error (config, MKM_SMTP_ERROR_TLS_HANDSHAKE, MKM_STAGE_TLS, "The secure connection failed");
  g_assert_cmpstr (e->fix, ==, "Check the encryption and port your provider documents: usually SSL on port 465 and TLS on port 587.");
}

static void
test_certificates (void)
{
  g_autoptr(MkmMailConfig) untrusted = config_for ("starttls_selfsigned", MKM_ENCRYPTION_TLS);
  g_autoptr(MkmMailConfig) no_ca = config_for ("starttls", MKM_ENCRYPTION_TLS);
  g_autoptr(MkmMailConfig) expired = config_for ("starttls_expired", MKM_ENCRYPTION_TLS);
  g_autoptr(MkmMailConfig) wrongname = config_for ("smtps_wrongname", MKM_ENCRYPTION_SSL);
  g_autoptr(MkmExplanation) e1 = NULL;
  g_autoptr(MkmExplanation) e2 = NULL;
  g_autoptr(MkmExplanation) e3 = NULL;
  g_autoptr(MkmExplanation) e4 = NULL;

  e1 = expect_error (untrusted, MKM_SMTP_ERROR_CERT_UNTRUSTED, MKM_STAGE_TLS, "The server's certificate is not trusted");
  g_assert_nonnull (strstr (e1->fix, "Extra CA certificate"));
  g_clear_pointer (&no_ca->ca_file, g_free);
  e2 = expect_error (no_ca, MKM_SMTP_ERROR_CERT_UNTRUSTED, MKM_STAGE_TLS, "The server's certificate is not trusted");
  e3 = expect_error (expired, MKM_SMTP_ERROR_CERT_EXPIRED, MKM_STAGE_TLS, "The server's certificate has expired");
  e4 = expect_error (wrongname, MKM_SMTP_ERROR_CERT_NAME_MISMATCH, MKM_STAGE_TLS, "The certificate is for another server name");
  g_assert_cmpstr (e4->cause, ==, "The server's certificate does not name “localhost”.");
}

static void
test_rejections (void)
{
  g_autoptr(MkmMailConfig) mail = config_for ("reject_mail", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmMailConfig) rcpt = config_for ("reject_rcpt", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmMailConfig) data = config_for ("reject_data", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmMailConfig) greet = config_for ("greet554", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e1 = NULL;
  g_autoptr(MkmExplanation) e2 = NULL;
  g_autoptr(MkmExplanation) e3 = NULL;
  g_autoptr(MkmExplanation) e4 = NULL;

  e1 = expect_error (mail, MKM_SMTP_ERROR_SENDER_REJECTED, MKM_STAGE_MAIL_FROM, "Sender address refused");
  g_assert_cmpstr (e1->cause, ==, "The server will not let this account send as this From address.");
  g_assert_cmpstr (e1->server_reply, ==, "553 5.7.1 Sender address rejected: not owned by user");

  e2 = expect_error (rcpt, MKM_SMTP_ERROR_RECIPIENT_REJECTED, MKM_STAGE_RCPT_TO, "Recipient refused");
  g_assert_cmpstr (e2->cause, ==, "The server refused to deliver to quantri@example.test.");
  g_assert_cmpstr (e2->server_reply, ==, "550 5.1.1 Recipient address rejected: User unknown");

  e3 = expect_error (data, MKM_SMTP_ERROR_MESSAGE_REJECTED, MKM_STAGE_DATA, "Message refused");
  g_assert_cmpstr (e3->server_reply, ==, "554 5.6.0 Message rejected as spam");

  e4 = expect_error (greet, MKM_SMTP_ERROR_SESSION_REFUSED, MKM_STAGE_GREETING, "The server refused the connection");
  g_assert_cmpstr (e4->server_reply, ==, "554 5.3.2 No service for you");
}

static void
test_broken_servers (void)
{
  g_autoptr(MkmMailConfig) hangup = config_for ("hangup_data", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmMailConfig) garbage = config_for ("garbage", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e1 = NULL;
  g_autoptr(MkmExplanation) e2 = NULL;

  e1 = expect_error (hangup, MKM_SMTP_ERROR_CONNECTION_LOST, MKM_STAGE_DATA, "Connection lost");
  g_assert_cmpstr (e1->cause, ==, "The server closed the connection while sending the message.");
  e2 = expect_error (garbage, MKM_SMTP_ERROR_NOT_SMTP, MKM_STAGE_GREETING, "This is not an SMTP server");
}

static void
test_smtputf8 (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain_noauth", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;

  g_free (config->from_address);
  config->from_address = g_strdup ("quản-trị@brand.example");
  e = expect_error (config, MKM_SMTP_ERROR_SMTPUTF8_NOT_OFFERED, MKM_STAGE_GREETING, "The server cannot take this address");
  g_assert_true (g_str_has_prefix (e->cause, "quản-trị@brand.example has letters outside ASCII"));
}

static void
test_smtputf8_offered (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("smtputf8", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmSendResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) parsed = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *parsed_text = NULL;
  g_autofree char *from = NULL;

  g_free (config->from_address);
  config->from_address = g_strdup ("quản-trị@brand.example");
  result = mkm_smtp_send_test (config, "utf8", NULL, &error);
  g_assert_no_error (error);

  path = mkm_smtp_fixture_last_mail (fixture, "smtputf8");
  parsed_text = mkm_test_parse_mail (path);
  g_key_file_load_from_data (parsed, parsed_text, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  from = g_key_file_get_string (parsed, "mail", "from-address", NULL);
  g_assert_cmpstr (from, ==, "quản-trị@brand.example");
}

static void
test_auth_required (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain_authrequired", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;

  e = expect_error (config, MKM_SMTP_ERROR_AUTH_REQUIRED, MKM_STAGE_MAIL_FROM, "The server requires sign-in");
  g_assert_cmpstr (e->fix, ==, "Enter the Username and Password of the mail account.");
  g_assert_true (g_str_has_prefix (e->server_reply, "530"));
}

static void
test_no_known_mechanism (void)
{
  g_autoptr(MkmMailConfig) config = config_for ("plain_authnone", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e = NULL;

  with_login (config, PASSWORD);
  /* Not "password rejected": no password was ever sent. */
  e = expect_error (config, MKM_SMTP_ERROR_AUTH_NOT_OFFERED, MKM_STAGE_GREETING, "The server does not offer sign-in");
}

static void
test_transcript_redaction (void)
{
  g_autoptr(MkmTranscript) transcript = mkm_transcript_new ("user", "gmail");
  const char plain[] = "\0user\0gmail";
  g_autofree char *plain_b64 = g_base64_encode ((const guchar *) plain, sizeof plain - 1);
  g_autofree char *auth = g_strdup_printf ("AUTH PLAIN %s\r\n", plain_b64);
  g_autofree char *text = NULL;

  mkm_transcript_add (transcript, MKM_TRANSCRIPT_SERVER, "220 smtp.gmail.com ESMTP\r\n", 26);
  mkm_transcript_add (transcript, MKM_TRANSCRIPT_CLIENT, auth, strlen (auth));
  mkm_transcript_add (transcript, MKM_TRANSCRIPT_SERVER, "235 2.7.0 Accepted\r\n", 20);
  mkm_transcript_add (transcript, MKM_TRANSCRIPT_CLIENT, "MAIL FROM:<me@gmail.com>\r\n", 26);
  text = mkm_transcript_to_string (transcript);

  /* Blanking the password inside other text would show where it is. */
  g_assert_nonnull (strstr (text, "S: 220 smtp.gmail.com ESMTP"));
  g_assert_nonnull (strstr (text, "C: AUTH PLAIN [hidden]"));
  g_assert_null (strstr (text, plain_b64));
  g_assert_nonnull (strstr (text, "C: [hidden]\n"));
}

static void
test_invalid_config (void)
{
  g_autoptr(MkmMailConfig) no_admin = config_for ("plain", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmMailConfig) injection = config_for ("plain", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmMailConfig) no_password = config_for ("plain", MKM_ENCRYPTION_NONE);
  g_autoptr(MkmExplanation) e1 = NULL;
  g_autoptr(MkmExplanation) e2 = NULL;
  g_autoptr(MkmExplanation) e3 = NULL;

  g_free (no_admin->admin_email);
  no_admin->admin_email = g_strdup ("");
  e1 = expect_error (no_admin, MKM_SMTP_ERROR_INVALID_CONFIG, MKM_STAGE_RESOLVE, "The settings are not complete");
  g_assert_cmpstr (e1->cause, ==, "No administrator email is set: test emails go to the address under System › System settings.");

  g_free (injection->from_name);
  injection->from_name = g_strdup ("Brand\r\nBcc: victim@example.com");
  e2 = expect_error (injection, MKM_SMTP_ERROR_INVALID_CONFIG, MKM_STAGE_RESOLVE, "The settings are not complete");
  g_assert_cmpstr (e2->cause, ==, "Sender name: Must not contain line breaks, tabs or other control characters");

  with_login (no_password, "");
  e3 = expect_error (no_password, MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE, MKM_STAGE_RESOLVE, "The password is not available");
  g_assert_cmpstr (e3->cause, ==, "There is no password for “admin@example.test”.");
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
check_cancel (const char *listener,
              guint       delay_ms)
{
  g_autoptr(MkmMailConfig) config = config_for (listener, MKM_ENCRYPTION_NONE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Run) run = { 0 };
  gint64 start;
  gint64 elapsed;

  config->timeout = 60;
  g_timeout_add (delay_ms, cancel_later, cancellable);
  start = g_get_monotonic_time ();
  run_send (&run, config, "cancel me", cancellable);
  elapsed = g_get_monotonic_time () - start - delay_ms * 1000;

  g_assert_error (run.error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_CANCELLED);
  g_assert_cmpstr (run.error->message, ==, "Test canceled");
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
}

static void
test_cancel_banner (void)
{
  check_cancel ("silent", 300);
}

static void
test_cancel_data (void)
{
  check_cancel ("stall_data", 500);
}

static const char *
base64_of (const char *data,
           gsize       length)
{
  static char *last;

  g_free (last);
  last = g_base64_encode ((const guchar *) data, length);
  return last;
}

static void
assert_no_credentials (const char *text)
{
  const char plain[] = "\0" USER "\0" PASSWORD;

  g_assert_null (strstr (text, PASSWORD));
  g_assert_null (strstr (text, base64_of (PASSWORD, strlen (PASSWORD))));
  g_assert_null (strstr (text, base64_of (plain, sizeof plain - 1)));
}

static void
test_no_credentials_anywhere (void)
{
  static const struct { const char *listener; MkmEncryption encryption; } cases[] = {
    { "plain_authlogin", MKM_ENCRYPTION_NONE },  /* AUTH LOGIN */
    { "plain_authplain", MKM_ENCRYPTION_NONE },  /* AUTH PLAIN */
    { "starttls", MKM_ENCRYPTION_TLS },
    { "smtps", MKM_ENCRYPTION_SSL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MkmMailConfig) config = config_for (cases[i].listener, cases[i].encryption);
      g_autoptr(MkmMailConfig) wrong = config_for (cases[i].listener, cases[i].encryption);
      g_autoptr(MkmSendResult) result = NULL;
      g_autoptr(GError) error = NULL;

      with_login (config, PASSWORD);
      result = mkm_smtp_send_test (config, "credentials test", NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (result->transcript, "C: AUTH "));
      if (g_str_equal (cases[i].listener, "plain_authlogin"))
        g_assert_nonnull (strstr (result->transcript, "C: AUTH LOGIN"));
      if (g_str_equal (cases[i].listener, "plain_authplain"))
        g_assert_nonnull (strstr (result->transcript, "C: AUTH PLAIN"));
      assert_no_credentials (result->transcript);

      /* A failed sign-in keeps the typed password out of the transcript too. */
      with_login (wrong, PASSWORD "-wrong");
      g_clear_pointer (&result, mkm_send_result_free);
      result = mkm_smtp_send_test (wrong, "credentials test", NULL, &error);
      g_assert_error (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_AUTH_REJECTED);
      g_assert_null (strstr (mkm_smtp_error_get_transcript (error), PASSWORD));
    }
  assert_no_credentials (captured_logs->str);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  captured_logs = mkm_test_capture_logs ();

  g_test_add_func ("/smtp/success", test_success);
  g_test_add_func ("/smtp/round-trip-vietnamese", test_round_trip_vietnamese);
  g_test_add_func ("/smtp/default-mode", test_default_mode);
  g_test_add_func ("/smtp/starttls-downgrade", test_starttls_downgrade);
  g_test_add_func ("/smtp/wrong-password", test_wrong_password);
  g_test_add_func ("/smtp/auth-not-offered", test_auth_not_offered);
  g_test_add_func ("/smtp/host-not-found", test_host_not_found);
  g_test_add_func ("/smtp/connection-refused", test_connection_refused);
  g_test_add_func ("/smtp/banner-timeout", test_banner_timeout);
  g_test_add_func ("/smtp/ssl-on-plain-port", test_ssl_on_plain_port);
  g_test_add_func ("/smtp/certificates", test_certificates);
  g_test_add_func ("/smtp/rejections", test_rejections);
  g_test_add_func ("/smtp/broken-servers", test_broken_servers);
  g_test_add_func ("/smtp/smtputf8", test_smtputf8);
  g_test_add_func ("/smtp/smtputf8-offered", test_smtputf8_offered);
  g_test_add_func ("/smtp/invalid-config", test_invalid_config);
  g_test_add_func ("/smtp/auth-required", test_auth_required);
  g_test_add_func ("/smtp/no-known-mechanism", test_no_known_mechanism);
  g_test_add_func ("/smtp/transcript-redaction", test_transcript_redaction);
  g_test_add_func ("/smtp/cancel-banner", test_cancel_banner);
  g_test_add_func ("/smtp/cancel-data", test_cancel_data);
  g_test_add_func ("/smtp/no-credentials", test_no_credentials_anywhere);

  fixture = mkm_smtp_fixture_start ();
  status = g_test_run ();
  mkm_smtp_fixture_stop (fixture);
  return status;
}
