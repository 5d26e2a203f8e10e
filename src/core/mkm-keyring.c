/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mkm-keyring.h"
#include "mkm-secret.h"

/*
 * Keeps the SMTP password of MkmSettings in the keyring: reads it when the
 * window opens, writes it on Save under the saved server and username, and
 * says in one sentence where the password is. When the keyring fails, the
 * password stays in MkmSettings' memory for this session and nowhere else.
 */

struct _MkmKeyring
{
  GObject          parent_instance;

  MkmSettings     *settings;
  GCancellable    *cancellable;          /* everything, on dispose */
  GCancellable    *lookup_cancellable;   /* the current lookup only */
  MkmKeyringState  state;
  char            *message;
};

G_DEFINE_FINAL_TYPE (MkmKeyring, mkm_keyring, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MkmKeyringState, mkm_keyring_state,
  G_DEFINE_ENUM_VALUE (MKM_KEYRING_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (MKM_KEYRING_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (MKM_KEYRING_STATE_STORED, "stored"),
  G_DEFINE_ENUM_VALUE (MKM_KEYRING_STATE_NOT_STORED, "not-stored"),
  G_DEFINE_ENUM_VALUE (MKM_KEYRING_STATE_SAVING, "saving"),
  G_DEFINE_ENUM_VALUE (MKM_KEYRING_STATE_PROBLEM, "problem"))

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_state (MkmKeyring      *self,
           MkmKeyringState  state,
           const char      *message)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
}

static void
on_lookup (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MkmKeyring) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = mkm_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    set_state (self, MKM_KEYRING_STATE_PROBLEM, error->message);
  else if (password != NULL)
    {
      /* Only if nothing was typed meanwhile: a typed password wins. */
      if (!mkm_settings_get_password_changed (self->settings))
        mkm_settings_set_stored_password (self->settings, password);
      set_state (self, MKM_KEYRING_STATE_STORED, _("The password is stored in the keyring."));
    }
  else
    set_state (self, MKM_KEYRING_STATE_NOT_STORED, _("No password is stored yet: type it and save."));

  mkm_password_free (password);
}

/* Reads the password saved for the saved server and username. */
void
mkm_keyring_load (MkmKeyring *self)
{
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;

  g_return_if_fail (MKM_IS_KEYRING (self));

  host = mkm_settings_dup_saved_string (self->settings, "smtp-host");
  username = mkm_settings_dup_saved_string (self->settings, "smtp-username");
  if (*username == '\0')
    {
      set_state (self, MKM_KEYRING_STATE_IDLE, _("Without a username no password is needed."));
      return;
    }

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->lookup_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->lookup_cancellable, G_CONNECT_SWAPPED);

  set_state (self, MKM_KEYRING_STATE_LOADING, _("Reading the password from the keyring…"));
  mkm_secret_lookup_async (host, username, self->lookup_cancellable, on_lookup, g_object_ref (self));
}

typedef struct
{
  MkmKeyring *self;
  char       *old_host;
  char       *old_username;
  gboolean    clear_old;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->self);
  g_free (data->old_host);
  g_free (data->old_username);
  g_free (data);
}

/* A Save may be the last thing before the window closes: keep the
 * application running until the keyring has the password. */
static void
hold (void)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_application_hold (application);
}

static void
release (void)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_application_release (application);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MkmKeyring) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mkm_secret_clear_finish (result, &error) && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, MKM_KEYRING_STATE_PROBLEM, error->message);
  release ();
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveData *data = user_data;
  MkmKeyring *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!mkm_secret_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, MKM_KEYRING_STATE_PROBLEM, error->message);
      save_data_free (data);
      release ();
      return;
    }

  set_state (self, MKM_KEYRING_STATE_STORED, _("The password is stored in the keyring."));
  /* The old item goes only once the new one is safely stored. */
  if (data->clear_old)
    {
      hold ();
      mkm_secret_clear_async (data->old_host, data->old_username, self->cancellable,
                              on_cleared, g_object_ref (self));
    }
  save_data_free (data);
  release ();
}

static void
clear_item (MkmKeyring *self,
            const char *host,
            const char *username)
{
  hold ();
  mkm_secret_clear_async (host, username, self->cancellable, on_cleared, g_object_ref (self));
}

/*
 * Right after the settings were applied: stores the password under the
 * saved server and username, and removes the item of the old pair once the
 * new one is stored. A password that was never read (keyring locked,
 * missing, still being read) and not typed is left alone: an empty field
 * then means "unknown", not "remove".
 */
static void
store_for_saved_settings (MkmKeyring *self,
                          const char *old_host,
                          const char *old_username,
                          gboolean    password_edited)
{
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;
  const char *password;
  gboolean pair_changed;
  gboolean known;
  SaveData *data;

  /* Default mode does not use the password: leave the item alone. */
  if (mkm_settings_get_saved_mode (self->settings) != MKM_MODE_SMTP)
    return;

  host = mkm_settings_dup_saved_string (self->settings, "smtp-host");
  username = mkm_settings_dup_saved_string (self->settings, "smtp-username");
  password = mkm_settings_get_password (self->settings);
  pair_changed = g_strcmp0 (host, old_host) != 0 || g_strcmp0 (username, old_username) != 0;
  known = password_edited ||
          self->state == MKM_KEYRING_STATE_STORED ||
          self->state == MKM_KEYRING_STATE_NOT_STORED ||
          self->state == MKM_KEYRING_STATE_IDLE;

  /* A lookup still running is for the old pair, or is about to be
   * overtaken by what is saved now. */
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);

  if (*username == '\0')
    {
      /* No login any more: nothing may stay behind. */
      if (*old_username != '\0')
        clear_item (self, old_host, old_username);
      set_state (self, MKM_KEYRING_STATE_IDLE, _("Without a username no password is needed."));
      return;
    }

  if (!known)
    {
      /* Never read, never typed: leave the keyring as it is, and read it
       * again for what is saved now. */
      mkm_keyring_load (self);
      return;
    }

  if (*password == '\0')
    {
      if (password_edited)
        clear_item (self, host, username);
      if (pair_changed && *old_username != '\0')
        clear_item (self, old_host, old_username);
      set_state (self, MKM_KEYRING_STATE_NOT_STORED, _("No password is stored yet: type it and save."));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->old_host = g_strdup (old_host);
  data->old_username = g_strdup (old_username);
  data->clear_old = pair_changed && *old_username != '\0';

  set_state (self, MKM_KEYRING_STATE_SAVING, _("Saving the password in the keyring…"));
  hold ();
  mkm_secret_store_async (host, username, password, self->cancellable, on_stored, data);
}

/**
 * mkm_keyring_save_settings:
 *
 * What Save does: applies the form to the settings store, then keeps the
 * password in the keyring for what was saved. The settings go first, so a
 * keyring problem never loses them.
 *
 * Returns: %FALSE if the settings store refused the change (a key locked by
 *   the system administrator); nothing was then saved
 */
gboolean
mkm_keyring_save_settings (MkmKeyring *self)
{
  g_autofree char *old_host = NULL;
  g_autofree char *old_username = NULL;
  gboolean password_edited;

  g_return_val_if_fail (MKM_IS_KEYRING (self), FALSE);

  old_host = mkm_settings_dup_saved_string (self->settings, "smtp-host");
  old_username = mkm_settings_dup_saved_string (self->settings, "smtp-username");
  password_edited = mkm_settings_get_password_changed (self->settings);
  if (!mkm_settings_apply (self->settings))
    return FALSE;

  store_for_saved_settings (self, old_host, old_username, password_edited);
  return TRUE;
}

MkmKeyringState
mkm_keyring_get_state (MkmKeyring *self)
{
  g_return_val_if_fail (MKM_IS_KEYRING (self), MKM_KEYRING_STATE_IDLE);

  return self->state;
}

/* Where the password is, in one sentence; a typed password is not there yet. */
const char *
mkm_keyring_get_message (MkmKeyring *self)
{
  g_return_val_if_fail (MKM_IS_KEYRING (self), NULL);

  if (self->state != MKM_KEYRING_STATE_PROBLEM && self->settings != NULL &&
      mkm_settings_get_password_changed (self->settings))
    return _("The new password goes into the keyring when you save.");
  return self->message;
}

static void
on_password_notify (MkmKeyring *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
mkm_keyring_dispose (GObject *object)
{
  MkmKeyring *self = MKM_KEYRING (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mkm_keyring_parent_class)->dispose (object);
}

static void
mkm_keyring_finalize (GObject *object)
{
  MkmKeyring *self = MKM_KEYRING (object);

  g_free (self->message);

  G_OBJECT_CLASS (mkm_keyring_parent_class)->finalize (object);
}

static void
mkm_keyring_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MkmKeyring *self = MKM_KEYRING (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, mkm_keyring_get_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_keyring_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MkmKeyring *self = MKM_KEYRING (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      g_signal_connect_object (self->settings, "notify::password", G_CALLBACK (on_password_notify),
                               self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_keyring_class_init (MkmKeyringClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mkm_keyring_dispose;
  object_class->finalize = mkm_keyring_finalize;
  object_class->get_property = mkm_keyring_get_property;
  object_class->set_property = mkm_keyring_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, MKM_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MKM_TYPE_KEYRING_STATE, MKM_KEYRING_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mkm_keyring_init (MkmKeyring *self)
{
  self->cancellable = g_cancellable_new ();
}

MkmKeyring *
mkm_keyring_new (MkmSettings *settings)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (settings), NULL);

  return g_object_new (MKM_TYPE_KEYRING, "settings", settings, NULL);
}
