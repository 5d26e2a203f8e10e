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

#define MKM_TYPE_MODE (mkm_mode_get_type ())
GType mkm_mode_get_type (void);

#define MKM_TYPE_ENCRYPTION (mkm_encryption_get_type ())
GType mkm_encryption_get_type (void);

const char *mkm_encryption_to_label (MkmEncryption encryption);
int         mkm_encryption_default_port (MkmEncryption encryption);
gboolean    mkm_port_is_well_known (int port);

G_END_DECLS
