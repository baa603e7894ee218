import { defineMessages } from '../define';

export const carePlans = defineMessages(
  {
    'plans.title': 'แผนการดูแลรายบุคคล',
  },
  {
    'plans.title': 'Individual care plan',
  },
);
