import { defineMessages } from '../define';

export const visits = defineMessages(
  {
    'visits.start': 'เริ่มเยี่ยมบ้าน',
  },
  {
    'visits.start': 'Start a home visit',
  },
);
