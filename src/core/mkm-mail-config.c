/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>

#include "mkm-mail-config.h"

G_DEFINE_BOXED_TYPE (MkmMailConfig, mkm_mail_config, mkm_mail_config_ref, mkm_mail_config_unref)

/* Wipes a password before freeing it. */
void
mkm_password_free (char *password)
{
  if (password != NULL)
    secret_password_free (password);
}

MkmMailConfig *
mkm_mail_config_new (void)
{
  MkmMailConfig *config = g_atomic_rc_box_new0 (MkmMailConfig);

  config->mode = MKM_MODE_DEFAULT;
  config->port = 587;
  config->encryption = MKM_ENCRYPTION_TLS;
  config->timeout = 30;
  return config;
}

MkmMailConfig *
mkm_mail_config_copy (const MkmMailConfig *config)
{
  MkmMailConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = mkm_mail_config_new ();
  copy->mode = config->mode;
  copy->admin_email = g_strdup (config->admin_email);
  copy->from_address = g_strdup (config->from_address);
  copy->from_name = g_strdup (config->from_name);
  copy->host = g_strdup (config->host);
  copy->port = config->port;
  copy->encryption = config->encryption;
  copy->username = g_strdup (config->username);
  copy->password = g_strdup (config->password);
  copy->ca_file = g_strdup (config->ca_file);
  copy->timeout = config->timeout;
  copy->default_relay_url = g_strdup (config->default_relay_url);
  copy->default_from_address = g_strdup (config->default_from_address);
  copy->default_from_name = g_strdup (config->default_from_name);
  return copy;
}

MkmMailConfig *
mkm_mail_config_ref (MkmMailConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_atomic_rc_box_acquire (config);
}

static void
mkm_mail_config_clear (gpointer data)
{
  MkmMailConfig *config = data;

  g_free (config->admin_email);
  g_free (config->from_address);
  g_free (config->from_name);
  g_free (config->host);
  g_free (config->username);
  mkm_password_free (config->password);
  g_free (config->ca_file);
  g_free (config->default_relay_url);
  g_free (config->default_from_address);
  g_free (config->default_from_name);
}

void
mkm_mail_config_unref (MkmMailConfig *config)
{
  g_return_if_fail (config != NULL);

  g_atomic_rc_box_release_full (config, mkm_mail_config_clear);
}
