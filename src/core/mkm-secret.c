/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mkm-mail-config.h"
#include "mkm-secret.h"

/*
 * The SMTP password in the desktop keyring (Secret Service, or the Secret
 * portal inside Flatpak). Only asynchronous calls; every libsecret failure
 * becomes one of a few errors with a message an administrator can act on.
 */

G_DEFINE_QUARK (mkm-secret-error-quark, mkm_secret_error)

const SecretSchema *
mkm_secret_get_schema (void)
{
  static const SecretSchema schema = {
    "vn.osd.MkmateMail.SmtpPassword", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static GError *
locked_error (void)
{
  return g_error_new_literal (MKM_SECRET_ERROR, MKM_SECRET_ERROR_LOCKED,
                              _("The keyring is locked. Unlock it to use the saved password; until then the password is kept only until Mkmate Mail closes."));
}

/* Turns what libsecret and D-Bus say into our errors, with a message. */
static GError *
translate_error (const GError *error)
{
  g_autofree char *remote = NULL;

  if (error == NULL)
    return g_error_new_literal (MKM_SECRET_ERROR, MKM_SECRET_ERROR_FAILED,
                                _("The keyring did not answer. The password is kept only until Mkmate Mail closes."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_dbus_error_is_remote_error (error))
    remote = g_dbus_error_get_remote_error (error);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_NOT_FOUND && remote == NULL) ||
      g_strcmp0 (remote, "org.freedesktop.DBus.Error.ServiceUnknown") == 0)
    return g_error_new_literal (MKM_SECRET_ERROR, MKM_SECRET_ERROR_NO_SERVICE,
                                _("No keyring is available on this desktop (no Secret Service). The password is kept only until Mkmate Mail closes."));

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      (error->message != NULL && g_strrstr (error->message, "locked collection") != NULL))
    return locked_error ();

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
      g_strcmp0 (remote, "org.freedesktop.Secret.Error.NoSuchObject") == 0 ||
      (error->message != NULL && g_strrstr (error->message, "Object does not exist") != NULL))
    return g_error_new_literal (MKM_SECRET_ERROR, MKM_SECRET_ERROR_NO_COLLECTION,
                                _("The keyring has no default place to keep passwords. Create or unlock a default keyring in the desktop's password manager."));

  /* Translators: %s is the keyring's own description of the problem */
  return g_error_new (MKM_SECRET_ERROR, MKM_SECRET_ERROR_FAILED,
                      _("The keyring could not be used: %s"), error->message);
}

static GHashTable *
attributes_for (const char *host,
                const char *username)
{
  /* libsecret may read the table after the call returns: own the values. */
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (char *) "host", g_strdup (host));
  g_hash_table_insert (attributes, (char *) "username", g_strdup (username));
  return attributes;
}

/* Lookup: a missing item is not an error, a locked keyring is. */

static void
on_collection_for_alias (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (collection != NULL && secret_collection_get_locked (collection))
    g_task_return_error (task, locked_error ());
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
on_service_for_locked_check (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               cancellable, on_collection_for_alias, g_steal_pointer (&task));
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }
  if (password != NULL)
    {
      g_task_return_pointer (task, password, (GDestroyNotify) mkm_password_free);
      return;
    }

  /* Inside a Flatpak sandbox libsecret keeps passwords through the Secret
   * portal, which has no collections to ask about. */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* A locked collection answers "nothing" without an error: ask it. */
  cancellable = g_task_get_cancellable (task);
  secret_service_get (SECRET_SERVICE_NONE, cancellable, on_service_for_locked_check, g_steal_pointer (&task));
}

void
mkm_secret_lookup_async (const char          *host,
                         const char          *username,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (host != NULL);
  g_return_if_fail (username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mkm_secret_lookup_async);
  attributes = attributes_for (host, username);
  secret_password_lookupv (mkm_secret_get_schema (), attributes, cancellable,
                           on_lookup, g_steal_pointer (&task));
}

/**
 * mkm_secret_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password, to free with
 *   mkm_password_free(); %NULL without error when none is stored
 */
char *
mkm_secret_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mkm_secret_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_store (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (error == NULL)
    /* libsecret's word for a dismissed unlock prompt */
    g_task_return_error (task, g_error_new_literal (MKM_SECRET_ERROR, MKM_SECRET_ERROR_DISMISSED,
                                                    _("The keyring was not unlocked, so the password was not saved in it. Until it is, the password is kept only until Mkmate Mail closes.")));
  else
    g_task_return_error (task, translate_error (error));
}

void
mkm_secret_store_async (const char          *host,
                        const char          *username,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (host != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mkm_secret_store_async);
  attributes = attributes_for (host, username);
  /* Translators: the keyring item's name; %s are a username and a server */
  label = g_strdup_printf (_("Mkmate Mail SMTP password for %s on %s"), username, host);
  secret_password_storev (mkm_secret_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, password, cancellable, on_store, g_steal_pointer (&task));
}

static gboolean
finish_boolean (GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mkm_secret_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return finish_boolean (result, mkm_secret_store_async, error);
}

static void
on_clear (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to remove. */
  if (secret_password_clear_finish (result, &error) || error == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, translate_error (error));
}

void
mkm_secret_clear_async (const char          *host,
                        const char          *username,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (host != NULL);
  g_return_if_fail (username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mkm_secret_clear_async);
  attributes = attributes_for (host, username);
  secret_password_clearv (mkm_secret_get_schema (), attributes, cancellable,
                          on_clear, g_steal_pointer (&task));
}

gboolean
mkm_secret_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return finish_boolean (result, mkm_secret_clear_async, error);
}
