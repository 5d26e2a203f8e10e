/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mkm-enums.h"

G_BEGIN_DECLS

/*
 * A plain copy of everything one send needs. Once handed to another thread
 * (mkm_mail_config_ref) nobody writes to it again; the password is wiped
 * when the last reference goes.
 */
typedef struct
{
  MkmMode        mode;
  char          *admin_email;
  char          *from_address;
  char          *from_name;
  char          *host;
  int            port;
  MkmEncryption  encryption;
  char          *username;
  char          *password;
  char          *ca_file;
  int            timeout;
  char          *default_relay_url;
  char          *default_from_address;
  char          *default_from_name;
} MkmMailConfig;

#define MKM_TYPE_MAIL_CONFIG (mkm_mail_config_get_type ())
GType mkm_mail_config_get_type (void);

MkmMailConfig *mkm_mail_config_new   (void);
MkmMailConfig *mkm_mail_config_copy  (const MkmMailConfig *config);
MkmMailConfig *mkm_mail_config_ref   (MkmMailConfig       *config);
void           mkm_mail_config_unref (MkmMailConfig       *config);

void           mkm_password_free     (char                *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkmMailConfig, mkm_mail_config_unref)

G_END_DECLS
