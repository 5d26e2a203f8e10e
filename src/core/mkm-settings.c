/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "mkm-settings.h"
#include "mkm-validate.h"

/*
 * The model behind the window. Every key of the schema is a property bound to
 * a GSettings in delay-apply mode, so nothing reaches the settings store
 * before apply(). A second, ordinary GSettings on the same backend reads the
 * saved values: comparing the two tells whether anything really changed.
 */

struct _MkmSettings
{
  GObject           parent_instance;

  GSettingsBackend *backend;
  GSettings        *settings;   /* delay-apply: the form */
  GSettings        *saved;      /* what is stored */

  MkmMode           mode;
  MkmEncryption     encryption;
  int               port;
  int               timeout;
  char             *strings[9];
  char             *port_text;

  char             *password;
  char             *saved_password;

  char             *errors[MKM_N_FIELDS];
  char             *security_warning;
  gboolean          has_unapplied;
  gboolean          can_save;
};

G_DEFINE_FINAL_TYPE (MkmSettings, mkm_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BACKEND,
  PROP_MODE,
  /* string keys, in the order of string_keys[] */
  PROP_ADMIN_EMAIL,
  PROP_FROM_ADDRESS,
  PROP_FROM_NAME,
  PROP_SMTP_HOST,
  PROP_SMTP_USERNAME,
  PROP_SMTP_CA_FILE,
  PROP_DEFAULT_RELAY_URL,
  PROP_DEFAULT_FROM_ADDRESS,
  PROP_DEFAULT_FROM_NAME,
  PROP_SMTP_PORT,
  PROP_SMTP_ENCRYPTION,
  PROP_SMTP_TIMEOUT,
  PROP_SMTP_PORT_TEXT,
  PROP_PASSWORD,
  /* errors, in the order of MkmField */
  PROP_ADMIN_EMAIL_ERROR,
  PROP_FROM_ADDRESS_ERROR,
  PROP_FROM_NAME_ERROR,
  PROP_SMTP_HOST_ERROR,
  PROP_SMTP_USERNAME_ERROR,
  PROP_SMTP_PORT_ERROR,
  PROP_SECURITY_WARNING,
  PROP_DEFAULT_SENDER,
  PROP_HAS_UNAPPLIED,
  PROP_CAN_SAVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  WRITABLE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const string_keys[] = {
  "admin-email",
  "from-address",
  "from-name",
  "smtp-host",
  "smtp-username",
  "smtp-ca-file",
  "default-relay-url",
  "default-from-address",
  "default-from-name",
};

G_STATIC_ASSERT (G_N_ELEMENTS (string_keys) == PROP_DEFAULT_FROM_NAME - PROP_ADMIN_EMAIL + 1);

static const char * const all_keys[] = {
  "mode", "admin-email", "from-address", "from-name", "smtp-host", "smtp-port",
  "smtp-encryption", "smtp-username", "smtp-ca-file", "smtp-timeout",
  "default-relay-url", "default-from-address", "default-from-name",
};

static int
string_index (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    if (g_str_equal (string_keys[i], key))
      return (int) i;
  return -1;
}

static const char *
str (MkmSettings *self,
     guint        prop_id)
{
  return self->strings[prop_id - PROP_ADMIN_EMAIL];
}

static void
set_owned_message (MkmSettings  *self,
                   char        **slot,
                   char         *message,
                   guint         prop_id)
{
  if (g_strcmp0 (*slot, message) == 0)
    {
      g_free (message);
      return;
    }
  g_free (*slot);
  *slot = message;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static char *
message_of (GError *error)
{
  return error != NULL ? g_strdup (error->message) : NULL;
}

static gboolean
password_changed (MkmSettings *self)
{
  return g_strcmp0 (self->password != NULL ? self->password : "",
                    self->saved_password != NULL ? self->saved_password : "") != 0;
}

static void
update_can_save (MkmSettings *self)
{
  gboolean can_save = self->has_unapplied && mkm_settings_get_is_valid (self);

  if (can_save != self->can_save)
    {
      self->can_save = can_save;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
    }
}

static void
update_has_unapplied (MkmSettings *self)
{
  gboolean dirty = password_changed (self);

  for (guint i = 0; !dirty && i < G_N_ELEMENTS (all_keys); i++)
    {
      g_autoptr(GVariant) form = g_settings_get_value (self->settings, all_keys[i]);
      g_autoptr(GVariant) stored = g_settings_get_value (self->saved, all_keys[i]);

      dirty = !g_variant_equal (form, stored);
    }

  if (dirty != self->has_unapplied)
    {
      self->has_unapplied = dirty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_UNAPPLIED]);
    }
  update_can_save (self);
}

/* Required fields are only required when SMTP mode will use them. */
static char *
check_required_email (MkmSettings *self,
                      const char  *text,
                      gboolean     required)
{
  g_autoptr(GError) error = NULL;

  if ((text == NULL || *text == '\0') && !required)
    return NULL;
  mkm_validate_email (text != NULL ? text : "", NULL, &error);
  return message_of (error);
}

static void
validate (MkmSettings *self)
{
  gboolean smtp = self->mode == MKM_MODE_SMTP;
  const char *host = str (self, PROP_SMTP_HOST);
  const char *username = str (self, PROP_SMTP_USERNAME);
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) host_error = NULL;
  g_autoptr(GError) user_error = NULL;

  set_owned_message (self, &self->errors[MKM_FIELD_ADMIN_EMAIL],
                     check_required_email (self, str (self, PROP_ADMIN_EMAIL), FALSE),
                     PROP_ADMIN_EMAIL_ERROR);
  set_owned_message (self, &self->errors[MKM_FIELD_FROM_ADDRESS],
                     check_required_email (self, str (self, PROP_FROM_ADDRESS), smtp),
                     PROP_FROM_ADDRESS_ERROR);

  mkm_validate_header_text (str (self, PROP_FROM_NAME) ?: "", &name_error);
  set_owned_message (self, &self->errors[MKM_FIELD_FROM_NAME], message_of (name_error),
                     PROP_FROM_NAME_ERROR);

  if ((host != NULL && *host != '\0') || smtp)
    mkm_validate_host (host ?: "", NULL, &host_error);
  set_owned_message (self, &self->errors[MKM_FIELD_SMTP_HOST], message_of (host_error),
                     PROP_SMTP_HOST_ERROR);

  mkm_validate_header_text (username ?: "", &user_error);
  set_owned_message (self, &self->errors[MKM_FIELD_SMTP_USERNAME], message_of (user_error),
                     PROP_SMTP_USERNAME_ERROR);

  /* A port still being typed gets no advice about the last valid one. */
  set_owned_message (self, &self->security_warning,
                     self->errors[MKM_FIELD_SMTP_PORT] != NULL ? NULL :
                     mkm_validate_security_warning (self->encryption, self->port,
                                                    username != NULL && *username != '\0'),
                     PROP_SECURITY_WARNING);

  update_can_save (self);
}

static void
set_port_text_internal (MkmSettings *self,
                        const char  *text)
{
  g_autoptr(GError) error = NULL;
  int port = 0;

  if (g_strcmp0 (self->port_text, text) != 0)
    {
      g_free (self->port_text);
      self->port_text = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMTP_PORT_TEXT]);
    }

  if (mkm_validate_port (text, &port, &error) && port != self->port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMTP_PORT]);
    }
  set_owned_message (self, &self->errors[MKM_FIELD_SMTP_PORT], message_of (error),
                     PROP_SMTP_PORT_ERROR);
}

static void
set_port_internal (MkmSettings *self,
                   int          port)
{
  g_autofree char *text = NULL;
  int shown = -1;

  if (port == self->port && self->port_text != NULL)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMTP_PORT]);

  /* Keep what was typed ("0587") when it already means this port. */
  if (self->port_text == NULL || !mkm_validate_port (self->port_text, &shown, NULL) || shown != port)
    {
      text = g_strdup_printf ("%d", port);
      set_port_text_internal (self, text);
    }
}

static void
on_settings_changed (MkmSettings *self,
                     const char  *key,
                     GSettings   *settings)
{
  update_has_unapplied (self);
}

static void
on_writable_changed (MkmSettings *self,
                     const char  *key,
                     GSettings   *settings)
{
  g_signal_emit (self, signals[WRITABLE_CHANGED], g_quark_from_string (key), key);
}

static void
mkm_settings_constructed (GObject *object)
{
  MkmSettings *self = MKM_SETTINGS (object);

  G_OBJECT_CLASS (mkm_settings_parent_class)->constructed (object);

  if (self->backend != NULL)
    {
      self->settings = g_settings_new_with_backend (SCHEMA_ID, self->backend);
      self->saved = g_settings_new_with_backend (SCHEMA_ID, self->backend);
    }
  else
    {
      self->settings = g_settings_new (SCHEMA_ID);
      self->saved = g_settings_new (SCHEMA_ID);
    }
  g_settings_delay (self->settings);

  g_settings_bind (self->settings, "mode", self, "mode", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-encryption", self, "smtp-encryption", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-port", self, "smtp-port", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-timeout", self, "smtp-timeout", G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    g_settings_bind (self->settings, string_keys[i], self, string_keys[i], G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->saved, "changed", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->saved, "writable-changed", G_CALLBACK (on_writable_changed),
                           self, G_CONNECT_SWAPPED);

  validate (self);
  update_has_unapplied (self);
}

static void
mkm_settings_dispose (GObject *object)
{
  MkmSettings *self = MKM_SETTINGS (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->saved);
  g_clear_object (&self->backend);

  G_OBJECT_CLASS (mkm_settings_parent_class)->dispose (object);
}

static void
mkm_settings_finalize (GObject *object)
{
  MkmSettings *self = MKM_SETTINGS (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    g_free (self->strings[i]);
  for (guint i = 0; i < MKM_N_FIELDS; i++)
    g_free (self->errors[i]);
  g_free (self->port_text);
  g_free (self->security_warning);
  mkm_password_free (self->password);
  mkm_password_free (self->saved_password);

  G_OBJECT_CLASS (mkm_settings_parent_class)->finalize (object);
}

static char *
default_sender (MkmSettings *self)
{
  const char *name = str (self, PROP_DEFAULT_FROM_NAME);
  const char *address = str (self, PROP_DEFAULT_FROM_ADDRESS);

  if (name == NULL || *name == '\0')
    return g_strdup (address ?: "");
  return g_strdup_printf ("%s <%s>", name, address ?: "");
}

static void
mkm_settings_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MkmSettings *self = MKM_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_BACKEND:
      g_value_set_object (value, self->backend);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_ADMIN_EMAIL ... PROP_DEFAULT_FROM_NAME:
      g_value_set_string (value, str (self, prop_id));
      break;
    case PROP_SMTP_PORT:
      g_value_set_int (value, self->port);
      break;
    case PROP_SMTP_ENCRYPTION:
      g_value_set_enum (value, self->encryption);
      break;
    case PROP_SMTP_TIMEOUT:
      g_value_set_int (value, self->timeout);
      break;
    case PROP_SMTP_PORT_TEXT:
      g_value_set_string (value, self->port_text);
      break;
    case PROP_PASSWORD:
      g_value_set_string (value, self->password);
      break;
    case PROP_ADMIN_EMAIL_ERROR ... PROP_SMTP_PORT_ERROR:
      g_value_set_string (value, self->errors[prop_id - PROP_ADMIN_EMAIL_ERROR]);
      break;
    case PROP_SECURITY_WARNING:
      g_value_set_string (value, self->security_warning);
      break;
    case PROP_DEFAULT_SENDER:
      g_value_take_string (value, default_sender (self));
      break;
    case PROP_HAS_UNAPPLIED:
      g_value_set_boolean (value, self->has_unapplied);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_settings_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MkmSettings *self = MKM_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_BACKEND:
      self->backend = g_value_dup_object (value);
      break;
    case PROP_MODE:
      mkm_settings_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_ADMIN_EMAIL ... PROP_DEFAULT_FROM_NAME:
      {
        char **slot = &self->strings[prop_id - PROP_ADMIN_EMAIL];
        const char *text = g_value_get_string (value);

        if (g_strcmp0 (*slot, text) == 0)
          break;
        g_free (*slot);
        *slot = g_strdup (text);
        g_object_notify_by_pspec (object, pspec);
        if (prop_id == PROP_DEFAULT_FROM_NAME || prop_id == PROP_DEFAULT_FROM_ADDRESS)
          g_object_notify_by_pspec (object, properties[PROP_DEFAULT_SENDER]);
        validate (self);
      }
      break;
    case PROP_SMTP_PORT:
      set_port_internal (self, g_value_get_int (value));
      validate (self);
      break;
    case PROP_SMTP_ENCRYPTION:
      if (self->encryption != (MkmEncryption) g_value_get_enum (value))
        {
          self->encryption = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
          validate (self);
        }
      break;
    case PROP_SMTP_TIMEOUT:
      if (self->timeout != g_value_get_int (value))
        {
          self->timeout = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SMTP_PORT_TEXT:
      set_port_text_internal (self, g_value_get_string (value) ?: "");
      validate (self);
      break;
    case PROP_PASSWORD:
      mkm_settings_set_password (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mkm_settings_class_init (MkmSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char * const error_names[] = {
    "admin-email-error", "from-address-error", "from-name-error",
    "smtp-host-error", "smtp-username-error", "smtp-port-error",
  };

  object_class->constructed = mkm_settings_constructed;
  object_class->dispose = mkm_settings_dispose;
  object_class->finalize = mkm_settings_finalize;
  object_class->get_property = mkm_settings_get_property;
  object_class->set_property = mkm_settings_set_property;

  properties[PROP_BACKEND] =
    g_param_spec_object ("backend", NULL, NULL, G_TYPE_SETTINGS_BACKEND,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, MKM_TYPE_MODE, MKM_MODE_DEFAULT, rw);
  for (guint i = 0; i < G_N_ELEMENTS (string_keys); i++)
    properties[PROP_ADMIN_EMAIL + i] =
      g_param_spec_string (string_keys[i], NULL, NULL, "", rw);
  properties[PROP_SMTP_PORT] =
    g_param_spec_int ("smtp-port", NULL, NULL, 1, 65535, 587, rw);
  properties[PROP_SMTP_ENCRYPTION] =
    g_param_spec_enum ("smtp-encryption", NULL, NULL, MKM_TYPE_ENCRYPTION, MKM_ENCRYPTION_TLS, rw);
  properties[PROP_SMTP_TIMEOUT] =
    g_param_spec_int ("smtp-timeout", NULL, NULL, 1, 600, 30, rw);
  properties[PROP_SMTP_PORT_TEXT] =
    g_param_spec_string ("smtp-port-text", NULL, NULL, "587", rw);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, "", rw);
  for (guint i = 0; i < MKM_N_FIELDS; i++)
    properties[PROP_ADMIN_EMAIL_ERROR + i] =
      g_param_spec_string (error_names[i], NULL, NULL, NULL, ro);
  properties[PROP_SECURITY_WARNING] =
    g_param_spec_string ("security-warning", NULL, NULL, NULL, ro);
  properties[PROP_DEFAULT_SENDER] =
    g_param_spec_string ("default-sender", NULL, NULL, NULL, ro);
  properties[PROP_HAS_UNAPPLIED] =
    g_param_spec_boolean ("has-unapplied", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MkmSettings::writable-changed:
   * @key: the key whose lock changed
   */
  signals[WRITABLE_CHANGED] =
    g_signal_new ("writable-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mkm_settings_init (MkmSettings *self)
{
  self->mode = MKM_MODE_DEFAULT;
  self->encryption = MKM_ENCRYPTION_TLS;
  self->port = 587;
  self->timeout = 30;
  self->port_text = g_strdup ("587");
  self->password = g_strdup ("");
  self->saved_password = g_strdup ("");
  for (guint i = 0; i < G_N_ELEMENTS (self->strings); i++)
    self->strings[i] = g_strdup ("");
}

/**
 * mkm_settings_new:
 * @backend: (nullable): where settings live; %NULL for the default backend
 */
MkmSettings *
mkm_settings_new (GSettingsBackend *backend)
{
  g_return_val_if_fail (backend == NULL || G_IS_SETTINGS_BACKEND (backend), NULL);

  return g_object_new (MKM_TYPE_SETTINGS, "backend", backend, NULL);
}

/* The delay-apply GSettings behind the form. */
GSettings *
mkm_settings_get_gsettings (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);

  return self->settings;
}

MkmMode
mkm_settings_get_mode (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), MKM_MODE_DEFAULT);

  return self->mode;
}

void
mkm_settings_set_mode (MkmSettings *self,
                       MkmMode      mode)
{
  g_return_if_fail (MKM_IS_SETTINGS (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  validate (self);
}

MkmEncryption
mkm_settings_get_encryption (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), MKM_ENCRYPTION_TLS);

  return self->encryption;
}

/**
 * mkm_settings_choose_encryption:
 *
 * What the administrator picking an encryption means: the port follows to
 * the matching well-known port, unless it holds a port of their own.
 */
void
mkm_settings_choose_encryption (MkmSettings   *self,
                                MkmEncryption  encryption)
{
  g_return_if_fail (MKM_IS_SETTINGS (self));

  if (mkm_port_is_well_known (self->port) && self->errors[MKM_FIELD_SMTP_PORT] == NULL &&
      g_settings_is_writable (self->saved, "smtp-port"))
    g_object_set (self, "smtp-port", mkm_encryption_default_port (encryption), NULL);
  g_object_set (self, "smtp-encryption", encryption, NULL);
}

int
mkm_settings_get_port (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), 0);

  return self->port;
}

const char *
mkm_settings_get_string (MkmSettings *self,
                         const char  *key)
{
  int i;

  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  i = string_index (key);
  g_return_val_if_fail (i >= 0, NULL);
  return self->strings[i];
}

/* A value as stored, whatever the form holds now. */
char *
mkm_settings_dup_saved_string (MkmSettings *self,
                               const char  *key)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_settings_get_string (self->saved, key);
}

MkmMode
mkm_settings_get_saved_mode (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), MKM_MODE_DEFAULT);

  return g_settings_get_enum (self->saved, "mode");
}

const char *
mkm_settings_get_password (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);

  return self->password;
}

/* The password typed in the form; it lives only in this process. */
void
mkm_settings_set_password (MkmSettings *self,
                           const char  *password)
{
  g_return_if_fail (MKM_IS_SETTINGS (self));

  if (password == NULL)
    password = "";
  if (g_strcmp0 (self->password, password) == 0)
    return;
  mkm_password_free (self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
  update_has_unapplied (self);
}

/* The password as it is stored (read from the keyring, or just saved there). */
void
mkm_settings_set_stored_password (MkmSettings *self,
                                  const char  *password)
{
  g_return_if_fail (MKM_IS_SETTINGS (self));

  mkm_password_free (self->saved_password);
  self->saved_password = g_strdup (password ?: "");
  mkm_settings_set_password (self, password);
  update_has_unapplied (self);
}

gboolean
mkm_settings_get_password_changed (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), FALSE);

  return password_changed (self);
}

const char *
mkm_settings_get_error (MkmSettings *self,
                        MkmField     field)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (field < MKM_N_FIELDS, NULL);

  return self->errors[field];
}

const char *
mkm_settings_get_security_warning (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);

  return self->security_warning;
}

gboolean
mkm_settings_get_is_valid (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), FALSE);

  if (self->errors[MKM_FIELD_ADMIN_EMAIL] != NULL)
    return FALSE;
  /* Default mode does not use the SMTP fields: leave them as they are. */
  if (self->mode != MKM_MODE_SMTP)
    return TRUE;
  for (guint i = 0; i < MKM_N_FIELDS; i++)
    if (self->errors[i] != NULL)
      return FALSE;
  return TRUE;
}

gboolean
mkm_settings_get_has_unapplied (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), FALSE);

  return self->has_unapplied;
}

gboolean
mkm_settings_get_can_save (MkmSettings *self)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), FALSE);

  return self->can_save;
}

gboolean
mkm_settings_is_writable (MkmSettings *self,
                          const char  *key)
{
  g_return_val_if_fail (MKM_IS_SETTINGS (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return g_settings_is_writable (self->saved, key);
}

/**
 * mkm_settings_apply:
 *
 * Writes the form to the settings store. The password is the keyring's
 * business.
 *
 * Returns: %FALSE if the store did not take every value (a key locked by
 *   the system administrator makes it refuse the whole change)
 */
gboolean
mkm_settings_apply (MkmSettings *self)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  gboolean stored = TRUE;

  g_return_val_if_fail (MKM_IS_SETTINGS (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (all_keys); i++)
    g_ptr_array_add (wanted, g_settings_get_value (self->settings, all_keys[i]));

  /* Applying emits "changed" while the delayed backend holds its lock:
   * reading the settings from those handlers would deadlock. */
  g_signal_handlers_block_by_func (self->settings, on_settings_changed, self);
  g_signal_handlers_block_by_func (self->saved, on_settings_changed, self);
  g_settings_apply (self->settings);
  g_signal_handlers_unblock_by_func (self->saved, on_settings_changed, self);
  g_signal_handlers_unblock_by_func (self->settings, on_settings_changed, self);

  for (guint i = 0; i < G_N_ELEMENTS (all_keys); i++)
    {
      g_autoptr(GVariant) now = g_settings_get_value (self->saved, all_keys[i]);

      stored = stored && g_variant_equal (now, g_ptr_array_index (wanted, i));
    }

  mkm_password_free (self->saved_password);
  self->saved_password = g_strdup (self->password);
  update_has_unapplied (self);
  return stored;
}

void
mkm_settings_revert (MkmSettings *self)
{
  g_autofree char *port = NULL;

  g_return_if_fail (MKM_IS_SETTINGS (self));

  g_signal_handlers_block_by_func (self->settings, on_settings_changed, self);
  g_settings_revert (self->settings);
  g_signal_handlers_unblock_by_func (self->settings, on_settings_changed, self);
  port = g_strdup_printf ("%d", g_settings_get_int (self->settings, "smtp-port"));
  g_object_set (self, "smtp-port-text", port, NULL);
  mkm_settings_set_password (self, self->saved_password);
  update_has_unapplied (self);
}

/**
 * mkm_settings_snapshot:
 *
 * Returns: (transfer full): the form as it is now, saved or not, for a worker
 */
MkmMailConfig *
mkm_settings_snapshot (MkmSettings *self)
{
  MkmMailConfig *config;

  g_return_val_if_fail (MKM_IS_SETTINGS (self), NULL);

  config = mkm_mail_config_new ();
  config->mode = self->mode;
  config->admin_email = g_strdup (str (self, PROP_ADMIN_EMAIL));
  config->from_address = g_strdup (str (self, PROP_FROM_ADDRESS));
  config->from_name = g_strdup (str (self, PROP_FROM_NAME));
  config->host = g_strdup (str (self, PROP_SMTP_HOST));
  config->port = self->port;
  config->encryption = self->encryption;
  config->username = g_strdup (str (self, PROP_SMTP_USERNAME));
  config->password = g_strdup (self->password);
  config->ca_file = g_strdup (str (self, PROP_SMTP_CA_FILE));
  config->timeout = self->timeout;
  config->default_relay_url = g_strdup (str (self, PROP_DEFAULT_RELAY_URL));
  config->default_from_address = g_strdup (str (self, PROP_DEFAULT_FROM_ADDRESS));
  config->default_from_name = g_strdup (str (self, PROP_DEFAULT_FROM_NAME));
  return config;
}
