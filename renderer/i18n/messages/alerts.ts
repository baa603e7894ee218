import { defineMessages } from '../define';

export const alerts = defineMessages(
  {
    'alerts.nav': 'การแจ้งเตือน',
  },
  {
    'alerts.nav': 'Alerts',
  },
);
