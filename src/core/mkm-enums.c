/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mkm-enums.h"

G_DEFINE_ENUM_TYPE (MkmMode, mkm_mode,
  G_DEFINE_ENUM_VALUE (MKM_MODE_DEFAULT, "default"),
  G_DEFINE_ENUM_VALUE (MKM_MODE_SMTP, "smtp"))

G_DEFINE_ENUM_TYPE (MkmEncryption, mkm_encryption,
  G_DEFINE_ENUM_VALUE (MKM_ENCRYPTION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (MKM_ENCRYPTION_SSL, "ssl"),
  G_DEFINE_ENUM_VALUE (MKM_ENCRYPTION_TLS, "tls"))

/* The translated name of a step of the send, as the checklist shows it. */
const char *
mkm_stage_to_label (MkmStage stage)
{
  static const char * const labels[] = {
    N_("Look up the server"),
    N_("Connect"),
    N_("Secure the connection"),
    N_("Server greeting"),
    N_("Sign in"),
    N_("Sender accepted"),
    N_("Recipient accepted"),
    N_("Send the message"),
    N_("Message accepted"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == MKM_N_STAGES);
  g_return_val_if_fail (stage < MKM_N_STAGES, NULL);

  return _(labels[stage]);
}

/* The translated name the window shows for an encryption. */
const char *
mkm_encryption_to_label (MkmEncryption encryption)
{
  switch (encryption)
    {
    case MKM_ENCRYPTION_NONE:
      /* Translators: no encryption at all */
      return C_("encryption", "None");
    case MKM_ENCRYPTION_SSL:
      return C_("encryption", "SSL");
    case MKM_ENCRYPTION_TLS:
      return C_("encryption", "TLS");
    default:
      g_return_val_if_reached (NULL);
    }
}

int
mkm_encryption_default_port (MkmEncryption encryption)
{
  switch (encryption)
    {
    case MKM_ENCRYPTION_NONE:
      return 25;
    case MKM_ENCRYPTION_SSL:
      return 465;
    case MKM_ENCRYPTION_TLS:
      return 587;
    default:
      g_return_val_if_reached (587);
    }
}

gboolean
mkm_port_is_well_known (int port)
{
  return port == 25 || port == 465 || port == 587;
}
