import { defineMessages } from '../define';

export const timeline = defineMessages(
  {
    'timeline.title': 'ลำดับเหตุการณ์',
  },
  {
    'timeline.title': 'Timeline',
  },
);
