/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mkm-enums.h"
#include "mkm-mail-config.h"
#include "mkm-smtp-error.h"

G_BEGIN_DECLS

typedef enum
{
  MKM_STAGE_STATE_RUNNING,
  MKM_STAGE_STATE_DONE,
  MKM_STAGE_STATE_FAILED,
} MkmStageState;

/* Called in the caller's main context as the send moves along. */
typedef void (*MkmSmtpProgressFunc) (MkmStage      stage,
                                     MkmStageState state,
                                     gpointer      user_data);

/* What a successful send tells the administrator. */
typedef struct
{
  char      *recipient;
  char      *server_reply;          /* the server's final reply, verbatim */
  char      *message_id;
  GDateTime *sent_at;
  char      *transcript;            /* credentials removed */
  gint64     stage_usec[MKM_N_STAGES]; /* -1 for a stage not passed */
} MkmSendResult;

void           mkm_send_result_free       (MkmSendResult       *result);

void           mkm_smtp_send_test_async   (MkmMailConfig       *config,
                                           const char          *text,
                                           GCancellable        *cancellable,
                                           MkmSmtpProgressFunc  progress,
                                           gpointer             progress_data,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
MkmSendResult *mkm_smtp_send_test_finish  (GAsyncResult        *result,
                                           GError             **error);
MkmSendResult *mkm_smtp_send_test         (MkmMailConfig       *config,
                                           const char          *text,
                                           GCancellable        *cancellable,
                                           GError             **error);

char          *mkm_smtp_describe_versions (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkmSendResult, mkm_send_result_free)

G_END_DECLS
