/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define MKM_SECRET_ERROR (mkm_secret_error_quark ())
GQuark mkm_secret_error_quark (void);

typedef enum
{
  MKM_SECRET_ERROR_FAILED,
  MKM_SECRET_ERROR_NO_SERVICE,
  MKM_SECRET_ERROR_LOCKED,
  MKM_SECRET_ERROR_NO_COLLECTION,
  MKM_SECRET_ERROR_DISMISSED,
} MkmSecretError;

const SecretSchema *mkm_secret_get_schema    (void);

void      mkm_secret_lookup_async  (const char           *host,
                                    const char           *username,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *mkm_secret_lookup_finish (GAsyncResult         *result,
                                    GError              **error);
void      mkm_secret_store_async   (const char           *host,
                                    const char           *username,
                                    const char           *password,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  mkm_secret_store_finish  (GAsyncResult         *result,
                                    GError              **error);
void      mkm_secret_clear_async   (const char           *host,
                                    const char           *username,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  mkm_secret_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
