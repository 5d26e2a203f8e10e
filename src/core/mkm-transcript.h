/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MKM_TRANSCRIPT_INFO,
  MKM_TRANSCRIPT_CLIENT,
  MKM_TRANSCRIPT_SERVER,
} MkmTranscriptKind;

typedef struct _MkmTranscript MkmTranscript;

MkmTranscript *mkm_transcript_new       (const char        *username,
                                         const char        *password);
void           mkm_transcript_add       (MkmTranscript     *self,
                                         MkmTranscriptKind  kind,
                                         const char        *data,
                                         gsize              length);
char          *mkm_transcript_to_string (MkmTranscript     *self);
void           mkm_transcript_free      (MkmTranscript     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MkmTranscript, mkm_transcript_free)

G_END_DECLS
