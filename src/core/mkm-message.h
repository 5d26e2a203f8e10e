/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mkm-mail-config.h"

G_BEGIN_DECLS

/* Who sends and who receives one test email, as the envelope and headers use them. */
typedef struct
{
  char *from_name;
  char *from_address;   /* domain in ASCII (IDN converted) */
  char *to_address;     /* domain in ASCII (IDN converted) */
  char *server_label;   /* "host:port" shown in the footer */
} MkmEnvelope;

MkmEnvelope *mkm_envelope_new          (const MkmMailConfig *config,
                                        GError             **error);
void         mkm_envelope_free         (MkmEnvelope         *envelope);
gboolean     mkm_envelope_needs_utf8   (const MkmEnvelope   *envelope);

GBytes      *mkm_message_compose       (const MkmMailConfig *config,
                                        const MkmEnvelope   *envelope,
                                        const char          *text,
                                        GDateTime           *now,
                                        char               **message_id_out,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkmEnvelope, mkm_envelope_free)

G_END_DECLS
