/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mkm-enums.h"

G_BEGIN_DECLS

#define MKM_SMTP_ERROR (mkm_smtp_error_quark ())
GQuark mkm_smtp_error_quark (void);

typedef enum
{
  MKM_SMTP_ERROR_FAILED,
  MKM_SMTP_ERROR_INVALID_CONFIG,
  MKM_SMTP_ERROR_PASSWORD_UNAVAILABLE,
  MKM_SMTP_ERROR_HOST_NOT_FOUND,
  MKM_SMTP_ERROR_CONNECTION_REFUSED,
  MKM_SMTP_ERROR_TIMED_OUT,
  MKM_SMTP_ERROR_TLS_HANDSHAKE,
  MKM_SMTP_ERROR_CERT_UNTRUSTED,
  MKM_SMTP_ERROR_CERT_EXPIRED,
  MKM_SMTP_ERROR_CERT_NAME_MISMATCH,
  MKM_SMTP_ERROR_STARTTLS_NOT_OFFERED,
  MKM_SMTP_ERROR_AUTH_REJECTED,
  MKM_SMTP_ERROR_AUTH_NOT_OFFERED,
  MKM_SMTP_ERROR_SENDER_REJECTED,
  MKM_SMTP_ERROR_RECIPIENT_REJECTED,
  MKM_SMTP_ERROR_MESSAGE_REJECTED,
  MKM_SMTP_ERROR_SESSION_REFUSED,
  MKM_SMTP_ERROR_CONNECTION_LOST,
  MKM_SMTP_ERROR_NOT_SMTP,
  MKM_SMTP_ERROR_SMTPUTF8_NOT_OFFERED,
  MKM_SMTP_ERROR_CANCELLED,
  MKM_SMTP_ERROR_STARTTLS_REFUSED,
  MKM_SMTP_ERROR_AUTH_REQUIRED,
} MkmSmtpError;

/* What the administrator reads about a failure. */
typedef struct
{
  char *title;
  char *cause;
  char *fix;
  char *server_reply;   /* verbatim, or NULL */
} MkmExplanation;

void            mkm_smtp_error_set_details  (GError        *error,
                                             MkmStage       stage,
                                             const char    *server_reply,
                                             const char    *subject,
                                             MkmEncryption  encryption,
                                             int            port,
                                             const char    *transcript);
MkmStage        mkm_smtp_error_get_stage       (const GError *error);
const char     *mkm_smtp_error_get_reply       (const GError *error);
const char     *mkm_smtp_error_get_transcript  (const GError *error);

MkmExplanation *mkm_smtp_error_explain      (const GError  *error);
char           *mkm_explanation_to_string   (const MkmExplanation *explanation);
void            mkm_explanation_free        (MkmExplanation *explanation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkmExplanation, mkm_explanation_free)

G_END_DECLS
