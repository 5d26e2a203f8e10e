/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mkm-enums.h"

G_BEGIN_DECLS

#define MKM_VALIDATE_ERROR (mkm_validate_error_quark ())
GQuark mkm_validate_error_quark (void);

typedef enum
{
  MKM_VALIDATE_ERROR_EMPTY,
  MKM_VALIDATE_ERROR_INVALID,
  MKM_VALIDATE_ERROR_TOO_LONG,
  MKM_VALIDATE_ERROR_CONTROL,
  MKM_VALIDATE_ERROR_SCHEME,
  MKM_VALIDATE_ERROR_PORT_IN_HOST,
  MKM_VALIDATE_ERROR_RANGE,
} MkmValidateError;

#define MKM_DISPLAY_NAME_MAX 256

gboolean mkm_validate_email         (const char     *text,
                                     char          **ascii_out,
                                     GError        **error);
gboolean mkm_validate_host          (const char     *text,
                                     char          **ascii_out,
                                     GError        **error);
gboolean mkm_validate_port          (const char     *text,
                                     int            *port_out,
                                     GError        **error);
gboolean mkm_validate_header_text   (const char     *text,
                                     GError        **error);
char    *mkm_validate_security_warning (MkmEncryption  encryption,
                                        int            port,
                                        gboolean       has_username);

G_END_DECLS
