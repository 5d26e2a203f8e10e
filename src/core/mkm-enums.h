/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Values match the enums of the GSettings schema. */
typedef enum
{
  MKM_MODE_DEFAULT,
  MKM_MODE_SMTP,
} MkmMode;

typedef enum
{
  MKM_ENCRYPTION_NONE,
  MKM_ENCRYPTION_SSL,
  MKM_ENCRYPTION_TLS,
} MkmEncryption;

/* The steps of one send, in the order they happen. */
typedef enum
{
  MKM_STAGE_RESOLVE,
  MKM_STAGE_CONNECT,
  MKM_STAGE_TLS,
  MKM_STAGE_GREETING,
  MKM_STAGE_AUTH,
  MKM_STAGE_MAIL_FROM,
  MKM_STAGE_RCPT_TO,
  MKM_STAGE_DATA,
  MKM_STAGE_ACCEPTED,
  MKM_N_STAGES,
} MkmStage;

#define MKM_TYPE_MODE (mkm_mode_get_type ())
GType mkm_mode_get_type (void);

#define MKM_TYPE_ENCRYPTION (mkm_encryption_get_type ())
GType mkm_encryption_get_type (void);

const char *mkm_stage_to_label (MkmStage stage);
const char *mkm_encryption_to_label (MkmEncryption encryption);
int         mkm_encryption_default_port (MkmEncryption encryption);
gboolean    mkm_port_is_well_known (int port);

G_END_DECLS
