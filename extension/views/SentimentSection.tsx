import { useState } from 'react';
import { Alert, Button, Flex, Form, Heading, Select, Tag, Text, TextArea } from '@hubspot/ui-extensions';
import {
  ZSetSentimentRequest,
  type CompanyHealthView,
  type Sentiment,
  type SentimentValue,
  ZSentimentValue,
} from '@pulse/shared';
import type { ApiError, PulseApi } from './api';
import { formatDate, formatRelativeTime } from './format';
import { describeError } from './labels';
import { toApiError } from './use-async';

const SENTIMENT_LABEL: Record<SentimentValue, string> = {
  good: 'Good',
  neutral: 'Neutral',
  concerned: 'Concerned',
};
const SENTIMENT_TAG: Record<SentimentValue, 'success' | 'default' | 'warning'> = {
  good: 'success',
  neutral: 'default',
  concerned: 'warning',
};
const OPTIONS = ZSentimentValue.options.map((value) => ({ value, label: SENTIMENT_LABEL[value] }));

function CurrentSentiment({ sentiment, now }: { sentiment: Sentiment; now: number }) {
  return (
    <Flex direction="column" gap="xs" testId="current-sentiment">
      <Flex direction="row" gap="xs" align="center">
        <Tag variant={sentiment.isExpired ? 'default' : SENTIMENT_TAG[sentiment.value]} inline>
          {SENTIMENT_LABEL[sentiment.value]}
        </Tag>
        <Text inline>
          set by {sentiment.authorName} {formatRelativeTime(sentiment.setAt, now)}
        </Text>
      </Flex>
      {sentiment.note ? <Text format={{ italic: true }}>“{sentiment.note}”</Text> : null}
      <Text variant="microcopy">
        {sentiment.isExpired
          ? `Expired on ${formatDate(sentiment.expiresAt)}: it no longer counts towards health.`
          : `Counts towards health until ${formatDate(sentiment.expiresAt)}.`}
      </Text>
    </Flex>
  );
}

type Props = {
  api: PulseApi;
  companyId: string;
  sentiment: Sentiment | null;
  now: number;
  onSaved: (view: CompanyHealthView) => void;
};

export function SentimentSection({ api, companyId, sentiment, now, onSaved }: Props) {
  const [value, setValue] = useState<SentimentValue | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function save() {
    const parsed = ZSetSentimentRequest.safeParse({ value, note });
    if (!parsed.success) {
      const noteIssue = parsed.error.issues.find((issue) => issue.path[0] === 'note');
      setNoteError(noteIssue?.message ?? null);
      if (!noteIssue) setSaveError(null);
      return;
    }
    setNoteError(null);
    setSaveError(null);
    setIsSaving(true);
    try {
      const view = await api.setSentiment(companyId, parsed.data);
      setValue(null);
      setNote('');
      onSaved(view);
    } catch (error) {
      setSaveError(toApiError(error));
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Flex direction="column" gap="sm">
      <Heading>CSM sentiment</Heading>
      {sentiment ? <CurrentSentiment sentiment={sentiment} now={now} /> : <Text>No sentiment set yet.</Text>}
      <Form preventDefault>
        <Flex direction="column" gap="sm">
          <Select
            label="How does this account feel?"
            name="sentiment"
            options={OPTIONS}
            value={value ?? undefined}
            placeholder="Choose…"
            onChange={(next) => {
              const parsed = ZSentimentValue.safeParse(next);
              setValue(parsed.success ? parsed.data : null);
            }}
            testId="sentiment-value"
          />
          <TextArea
            label="Note"
            name="note"
            value={note}
            maxLength={500}
            rows={2}
            onChange={setNote}
            error={noteError !== null}
            validationMessage={noteError ?? undefined}
            testId="sentiment-note"
          />
          <Button
            type="button"
            variant="primary"
            size="sm"
            disabled={value === null || isSaving}
            onClick={() => void save()}
            testId="sentiment-save"
          >
            {isSaving ? 'Saving…' : 'Save sentiment'}
          </Button>
        </Flex>
      </Form>
      {saveError ? (
        <Alert title="Sentiment not saved" variant="error" testId="sentiment-error">
          {describeError(saveError).text}
        </Alert>
      ) : null}
    </Flex>
  );
}
