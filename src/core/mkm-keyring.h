/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mkm-settings.h"

G_BEGIN_DECLS

typedef enum
{
  MKM_KEYRING_STATE_IDLE,        /* nothing to keep: no username */
  MKM_KEYRING_STATE_LOADING,
  MKM_KEYRING_STATE_STORED,
  MKM_KEYRING_STATE_NOT_STORED,
  MKM_KEYRING_STATE_SAVING,
  MKM_KEYRING_STATE_PROBLEM,
} MkmKeyringState;

#define MKM_TYPE_KEYRING_STATE (mkm_keyring_state_get_type ())
GType mkm_keyring_state_get_type (void);

#define MKM_TYPE_KEYRING (mkm_keyring_get_type ())
G_DECLARE_FINAL_TYPE (MkmKeyring, mkm_keyring, MKM, KEYRING, GObject)

MkmKeyring      *mkm_keyring_new         (MkmSettings *settings);
void             mkm_keyring_load        (MkmKeyring  *self);
gboolean         mkm_keyring_save_settings (MkmKeyring *self);
MkmKeyringState  mkm_keyring_get_state   (MkmKeyring  *self);
const char      *mkm_keyring_get_message (MkmKeyring  *self);

G_END_DECLS
