/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mkm-enums.h"
#include "mkm-mail-config.h"

G_BEGIN_DECLS

/* Fields that carry an inline validation message. */
typedef enum
{
  MKM_FIELD_ADMIN_EMAIL,
  MKM_FIELD_FROM_ADDRESS,
  MKM_FIELD_FROM_NAME,
  MKM_FIELD_SMTP_HOST,
  MKM_FIELD_SMTP_USERNAME,
  MKM_FIELD_SMTP_PORT,
  MKM_N_FIELDS,
} MkmField;

#define MKM_TYPE_SETTINGS (mkm_settings_get_type ())
G_DECLARE_FINAL_TYPE (MkmSettings, mkm_settings, MKM, SETTINGS, GObject)

MkmSettings   *mkm_settings_new                 (GSettingsBackend *backend);
GSettings     *mkm_settings_get_gsettings       (MkmSettings      *self);

MkmMode        mkm_settings_get_mode            (MkmSettings      *self);
void           mkm_settings_set_mode            (MkmSettings      *self,
                                                 MkmMode           mode);
MkmEncryption  mkm_settings_get_encryption      (MkmSettings      *self);
void           mkm_settings_choose_encryption   (MkmSettings      *self,
                                                 MkmEncryption     encryption);
int            mkm_settings_get_port            (MkmSettings      *self);
const char    *mkm_settings_get_string          (MkmSettings      *self,
                                                 const char       *key);

char          *mkm_settings_dup_saved_string    (MkmSettings      *self,
                                                 const char       *key);
MkmMode        mkm_settings_get_saved_mode      (MkmSettings      *self);

const char    *mkm_settings_get_password        (MkmSettings      *self);
void           mkm_settings_set_password        (MkmSettings      *self,
                                                 const char       *password);
void           mkm_settings_set_stored_password (MkmSettings      *self,
                                                 const char       *password);
gboolean       mkm_settings_get_password_changed (MkmSettings     *self);

const char    *mkm_settings_get_error           (MkmSettings      *self,
                                                 MkmField          field);
const char    *mkm_settings_get_security_warning (MkmSettings     *self);
gboolean       mkm_settings_get_is_valid        (MkmSettings      *self);
gboolean       mkm_settings_get_has_unapplied   (MkmSettings      *self);
gboolean       mkm_settings_get_can_save        (MkmSettings      *self);
gboolean       mkm_settings_is_writable         (MkmSettings      *self,
                                                 const char       *key);

gboolean       mkm_settings_apply               (MkmSettings      *self);
void           mkm_settings_revert              (MkmSettings      *self);

MkmMailConfig *mkm_settings_snapshot            (MkmSettings      *self);

G_END_DECLS
