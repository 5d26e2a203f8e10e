/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettingsBackend *mkm_test_memory_backend (void);
GString          *mkm_test_capture_logs   (void);
GSettingsBackend *mkm_test_locked_backend (const char *tmpdir,
                                           const char * const *locked_keys);

G_END_DECLS

G_BEGIN_DECLS

/* Real SMTP servers on 127.0.0.1 (tests/smtp-fixture.py), one per scenario. */
typedef struct _MkmSmtpFixture MkmSmtpFixture;

MkmSmtpFixture *mkm_smtp_fixture_start     (void);
void            mkm_smtp_fixture_stop      (MkmSmtpFixture *fixture);
int             mkm_smtp_fixture_port      (MkmSmtpFixture *fixture,
                                            const char     *listener);
const char     *mkm_smtp_fixture_dir       (MkmSmtpFixture *fixture);
const char     *mkm_smtp_fixture_ca        (MkmSmtpFixture *fixture);
char          **mkm_smtp_fixture_log_lines (MkmSmtpFixture *fixture);
char           *mkm_smtp_fixture_last_mail (MkmSmtpFixture *fixture,
                                            const char     *listener);
int             mkm_test_closed_port       (void);
char           *mkm_test_parse_mail        (const char     *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkmSmtpFixture, mkm_smtp_fixture_stop)

G_END_DECLS
