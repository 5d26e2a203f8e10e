/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "mkm-validate.h"

typedef gboolean (*ValidateFunc) (const char *text, char **out, GError **error);

typedef struct
{
  const char *input;
  const char *expected;   /* normalised value, or the exact message */
} Case;

static gboolean
validate_port_as_string (const char  *text,
                         char       **out,
                         GError     **error)
{
  int port = 0;

  if (!mkm_validate_port (text, &port, error))
    return FALSE;
  *out = g_strdup_printf ("%d", port);
  return TRUE;
}

static gboolean
validate_header_as_string (const char  *text,
                           char       **out,
                           GError     **error)
{
  if (!mkm_validate_header_text (text, error))
    return FALSE;
  *out = g_strdup (text);
  return TRUE;
}

static void
check_good (ValidateFunc  func,
            const Case   *cases,
            gsize         n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_test_message ("good: %s", cases[i].input);
      g_assert_true (func (cases[i].input, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
check_bad (ValidateFunc  func,
           const Case   *cases,
           gsize         n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_test_message ("bad: %s", cases[i].input);
      g_assert_false (func (cases[i].input, &out, &error));
      g_assert_null (out);
      g_assert_nonnull (error);
      g_assert_true (error->domain == MKM_VALIDATE_ERROR);
      g_assert_cmpstr (error->message, ==, cases[i].expected);
    }
}

static const Case good_emails[] = {
  { "admin@example.com", "admin@example.com" },
  { "first.last+tag@mail.example.co.uk", "first.last+tag@mail.example.co.uk" },
  { "o'brien@example.ie", "o'brien@example.ie" },
  { "quản.trị@ví-dụ.vn", "quản.trị@xn--v-d-rma6749a.vn" },
  { "admin@bücher.de", "admin@xn--bcher-kva.de" },
  { "x@a-b.example", "x@a-b.example" },
};

static const Case bad_emails[] = {
  { "", "Enter an email address, for example name@example.com" },
  { "admin.example.com", "An email address needs an “@”, as in name@example.com" },
  { "admin @example.com", "An email address cannot contain spaces" },
  { "a@b@example.com", "An email address has only one “@”" },
  { "@example.com", "The name before “@” is missing" },
  { "admin@", "The domain after “@” is missing, as in name@example.com" },
  { "ad..min@example.com", "Dots in an address cannot come first, last or two in a row" },
  { ".admin@example.com", "Dots in an address cannot come first, last or two in a row" },
  { "admin.@example.com", "Dots in an address cannot come first, last or two in a row" },
  { "admin@example..com", "Dots in an address cannot come first, last or two in a row" },
  { "admin@example.com.", "Dots in an address cannot come first, last or two in a row" },
  { "admin@example.com\r\nBcc: x@y.z", "Must not contain line breaks, tabs or other control characters" },
  { "admin@localhost", "The domain after “@” needs a dot, as in example.com" },
  { "Admin <admin@example.com>", "An email address cannot contain spaces" },
  { "<admin@example.com>", "Type only the address, for example name@example.com, without a name, quotes or brackets" },
  { "admin@exa_mple.com", "“exa_mple.com” is not a valid domain for an email address" },
  { "admin@10.0.0.1", "“10.0.0.1” is not a valid domain for an email address" },
  { "a\x7f" "b@example.com", "Must not contain line breaks, tabs or other control characters" },
  { "12345678901234567890123456789012345678901234567890123456789012345@example.com",
    "The name before “@” is too long: at most 64 bytes (a letter with an accent takes two or three)" },
};

static const Case good_hosts[] = {
  { "smtp.gmail.com", "smtp.gmail.com" },
  { "SMTP.Example.COM", "smtp.example.com" },
  { "localhost", "localhost" },
  { "127.0.0.1", "127.0.0.1" },
  { "[::1]", "[::1]" },
  { "[2001:DB8::25]", "[2001:db8::25]" },
  { "máy-chủ.ví-dụ.vn", "xn--my-ch-xqa0294c.xn--v-d-rma6749a.vn" },
  { "mail-1.example.org", "mail-1.example.org" },
};

static const Case bad_hosts[] = {
  { "", "Enter the server name, for example smtp.gmail.com" },
  { "smtp://mail.example.com", "Type only the server name, without “smtp://” or similar: mail.example.com" },
  { "smtps://mail.example.com:465/", "Type only the server name, without “smtp://” or similar: mail.example.com" },
  { "mail.example.com:587", "Put the port in the Port field and type only mail.example.com here" },
  { "[::1]:25", "Put the port in the Port field and type only [::1] here" },
  { "mail example.com", "A server name cannot contain spaces" },
  { "::1", "Write IPv6 addresses in brackets: [::1]" },
  { "[::1", "An IPv6 address in brackets needs the closing “]”" },
  { "[mail.example.com]", "Not a valid IPv6 address" },
  { "999.1.1.1", "“999.1.1.1” is not a valid IPv4 address" },
  { "mail..example.com", "Dots must separate names: no dot at the start or end, and never two in a row" },
  { ".example.com", "Dots must separate names: no dot at the start or end, and never two in a row" },
  { "-mail.example.com", "A part of the name cannot start or end with a hyphen" },
  { "mail_1.example.com", "“mail_1.example.com” is not a valid server name: use letters, digits, hyphens and dots" },
  { "admin@example.com", "Type only the server name, for example smtp.gmail.com, without a path or an email address" },
  { "mail.example.com\n", "Must not contain line breaks, tabs or other control characters" },
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com",
    "Each part between dots has at most 63 characters" },
};

static const Case good_ports[] = {
  { "25", "25" },
  { "465", "465" },
  { "587", "587" },
  { " 2525 ", "2525" },
  { "1", "1" },
  { "65535", "65535" },
  { "0587", "587" },
};

static const Case bad_ports[] = {
  { "", "Enter a port number, for example 587" },
  { "58a7", "The port is a number only, for example 587" },
  { "-25", "The port is a number only, for example 587" },
  { "99999", "The port must be between 1 and 65535" },
  { "0", "The port must be between 1 and 65535" },
  { "65536", "The port must be between 1 and 65535" },
  { "99999999999999999999", "The port must be between 1 and 65535" },
  { "5 87", "The port is a number only, for example 587" },
};

static const Case good_names[] = {
  { "", "" },
  { "Công ty Mkmate", "Công ty Mkmate" },
  { "Support, \"Sales\" & Co", "Support, \"Sales\" & Co" },
};

static const Case bad_names[] = {
  { "Evil\r\nBcc: victim@example.com", "Must not contain line breaks, tabs or other control characters" },
  { "Tab\tName", "Must not contain line breaks, tabs or other control characters" },
  { "\xff\xfe", "Contains characters that are not valid text" },
};

static void
test_email (void)
{
  check_good (mkm_validate_email, good_emails, G_N_ELEMENTS (good_emails));
  check_bad (mkm_validate_email, bad_emails, G_N_ELEMENTS (bad_emails));
}

static void
test_host (void)
{
  check_good (mkm_validate_host, good_hosts, G_N_ELEMENTS (good_hosts));
  check_bad (mkm_validate_host, bad_hosts, G_N_ELEMENTS (bad_hosts));
}

static void
test_host_too_long (void)
{
  g_autoptr(GString) host = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  while (host->len < 260)
    g_string_append (host, "abcdefghi.");
  g_string_append (host, "com");
  g_assert_false (mkm_validate_host (host->str, NULL, &error));
  g_assert_cmpstr (error->message, ==, "Too long: a server name has at most 253 characters");
}

static void
test_port (void)
{
  check_good (validate_port_as_string, good_ports, G_N_ELEMENTS (good_ports));
  check_bad (validate_port_as_string, bad_ports, G_N_ELEMENTS (bad_ports));
}

static void
test_display_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) name = g_string_new (NULL);

  check_good (validate_header_as_string, good_names, G_N_ELEMENTS (good_names));
  check_bad (validate_header_as_string, bad_names, G_N_ELEMENTS (bad_names));

  /* 256 characters is the limit, counted in characters, not bytes */
  for (int i = 0; i < 256; i++)
    g_string_append (name, "ệ");
  g_assert_true (mkm_validate_header_text (name->str, NULL));
  g_string_append (name, "x");
  g_assert_false (mkm_validate_header_text (name->str, &error));
  g_assert_cmpstr (error->message, ==, "Too long: at most 256 characters");
}

static void
test_security_warning (void)
{
  struct {
    MkmEncryption encryption;
    int port;
    gboolean username;
    const char *expected;
  } cases[] = {
    { MKM_ENCRYPTION_SSL, 587, FALSE, "Port 587 usually expects TLS (STARTTLS), not SSL. Choose TLS, or use port 465 for SSL." },
    { MKM_ENCRYPTION_SSL, 25, FALSE, "Port 25 usually has no SSL. Choose TLS or None, or use port 465 for SSL." },
    { MKM_ENCRYPTION_TLS, 465, TRUE, "Port 465 usually expects SSL, not TLS (STARTTLS). Choose SSL, or use port 587 for TLS." },
    { MKM_ENCRYPTION_NONE, 25, TRUE, "Without encryption the username and password cross the network in clear text. Choose SSL or TLS if the server offers it." },
    { MKM_ENCRYPTION_NONE, 25, FALSE, NULL },
    { MKM_ENCRYPTION_SSL, 465, TRUE, NULL },
    { MKM_ENCRYPTION_TLS, 587, TRUE, NULL },
    { MKM_ENCRYPTION_TLS, 2525, TRUE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *warning = mkm_validate_security_warning (cases[i].encryption, cases[i].port,
                                                                cases[i].username);
      g_assert_cmpstr (warning, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/host", test_host);
  g_test_add_func ("/validate/host-too-long", test_host_too_long);
  g_test_add_func ("/validate/port", test_port);
  g_test_add_func ("/validate/display-name", test_display_name);
  g_test_add_func ("/validate/security-warning", test_security_warning);

  return g_test_run ();
}
